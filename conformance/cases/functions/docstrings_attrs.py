# Docstrings and simple function attributes
def documented(x):
    """Return x doubled."""
    return x * 2
def undocumented():
    return 1
print(documented.__doc__)
print(undocumented.__doc__)
print(documented(21))
def outer():
    def inner():
        pass
    return inner
print(outer().__name__)
print((lambda: 0).__name__)
