# Syntax error case: the file does not compile
if True print(1)
