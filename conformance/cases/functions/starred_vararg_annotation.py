# PEP 646: `*args: *Ts` stores the one item Ts unpacks to.
class Ts:
    def __iter__(self):
        yield "Unpacked"
def f(*args: *Ts()): pass
print(f.__annotations__)
class Two:
    def __iter__(self):
        return iter([1, 2])
try:
    def g(*args: *Two()): pass
except ValueError as e:
    print("ValueError", e)
