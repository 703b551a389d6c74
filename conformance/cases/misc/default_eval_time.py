# default values are evaluated once, when the def statement runs
counter = 0
def next_id():
    global counter
    counter += 1
    return counter

def f(x=next_id()):
    return x
print(f(), f(), f(99), counter)

def append_to(item, target=[]):
    target.append(item)
    return target
print(append_to(1), append_to(2), append_to(3, []), append_to(4))

def safe_append(item, target=None):
    if target is None:
        target = []
    target.append(item)
    return target
print(safe_append(1), safe_append(2))

base = 10
def uses_base(x=base):
    return x
base = 20
print(uses_base(), base)

funcs = []
for i in range(3):
    def g(i=i):
        return i
    funcs.append(g)
print([fn() for fn in funcs])
lams = [lambda n=n: n * n for n in range(4)]
print([fn() for fn in lams])
def outer():
    val = "first"
    def inner(v=val):
        return v, val
    val = "second"
    return inner()
print(outer())
def kw(*, when=next_id()):
    return when
print(kw(), counter, f.__defaults__, append_to.__defaults__)
