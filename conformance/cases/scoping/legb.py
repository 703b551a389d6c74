# LEGB name resolution
x = "global"
def outer():
    x = "enclosing"
    def inner():
        x = "local"
        return x
    def reads_enclosing():
        return x
    return inner(), reads_enclosing()
print(outer())
def reads_global():
    return x
print(reads_global())
def uses_builtin():
    return len("abc")
print(uses_builtin())
def shadow_builtin():
    len = lambda s: "shadowed"
    return len("abc")
print(shadow_builtin(), len("abc"))
y = 1
def later():
    return y
y = 2
print(later())
