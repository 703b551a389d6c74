# A walrus in a comprehension binds in the enclosing function, which
# declared the name global: it is global in the comprehension too.
GLOBAL_VAR = None
def f():
    global GLOBAL_VAR
    [GLOBAL_VAR := x for x in range(3)]
    return GLOBAL_VAR
print(f(), GLOBAL_VAR)
