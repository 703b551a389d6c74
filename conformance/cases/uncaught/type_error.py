# Uncaught TypeError from a bad operand
items = [1, 2, 3]
print(len(items))
total = "total: " + len(items)
print(total)
