# Syntax error case: the file does not compile
x = 1 +
