# Positional args and defaults
def greet(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct
print(greet("Ann"))
print(greet("Bob", "Hi"))
print(greet("Cy", "Yo", "?"))
print(greet("Di", punct="."))
print(greet(greeting="Hey", name="Ed"))
def power(base, exp=2):
    return base ** exp
print(power(3), power(2, 10), power(exp=3, base=2))
def nothing():
    return
print(nothing())
