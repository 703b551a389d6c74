# Syntax error case: the file does not compile
print("before")
x = (1,
