# Floor division and modulo have a zero guard.
# args: Int, Int
def f(a, b):
    return a // b + a % b
