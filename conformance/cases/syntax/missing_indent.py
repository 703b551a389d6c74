# Syntax error case: the file does not compile
print("a")
for i in range(3):
print(i)
