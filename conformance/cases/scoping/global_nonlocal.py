# global and nonlocal
g = 0
def outer():
    n = 0
    def inc_both():
        global g
        nonlocal n
        g += 1
        n += 10
    inc_both()
    inc_both()
    return n
print(outer(), g)
def level1():
    v = "L1"
    def level2():
        def level3():
            nonlocal v
            v = "changed by L3"
        level3()
    level2()
    return v
print(level1())
def no_nonlocal():
    v = 1
    def inner():
        v = 2
        return v
    return inner(), v
print(no_nonlocal())
