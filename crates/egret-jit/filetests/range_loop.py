# A range loop is a counted loop; the back-edge checks the work flag.
# args: Int
def f(n):
    t = 0
    for i in range(n):
        t = t + i
    return t
