# Self-recursion is a direct call of the compiled function.
# args: Int
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
