# Uncaught ValueError at module level
print("starting")
x = 2 + 2
print("x is", x)
raise ValueError("bad")
print("never printed")
