# Exceptions propagating through nested calls
def level3(x):
    print("level3", x)
    return 10 // x
def level2(x):
    print("level2 start")
    r = level3(x)
    print("level2 end")
    return r
def level1(x):
    try:
        return level2(x)
    finally:
        print("level1 finally")
print(level1(2))
try:
    level1(0)
except ZeroDivisionError as e:
    print("caught at top:", e)
def catcher():
    try:
        level2(0)
    except ArithmeticError as e:
        return "handled " + type(e).__name__
print(catcher())
