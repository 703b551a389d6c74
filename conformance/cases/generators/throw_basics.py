# throw(): the exception appears at the paused yield and may be caught or propagate
def resilient():
    while True:
        try:
            yield "waiting"
        except ValueError as e:
            print("handled", e)
            yield "recovered"

r = resilient()
print(next(r))
print(r.throw(ValueError("bad")))
print(next(r))

def fragile():
    try:
        yield 1
        yield 2
    finally:
        print("fragile finally")

f = fragile()
next(f)
try:
    f.throw(KeyError("k"))
except KeyError as e:
    print("propagated KeyError", e)
print(next(f, "done"))

g = fragile()
try:
    g.throw(TypeError("early"))
except TypeError as e:
    print("unstarted throw:", e)
print(list(g))

def returns_on_throw():
    try:
        yield 1
    except IndexError:
        return "stopped"

t = returns_on_throw()
next(t)
try:
    t.throw(IndexError)
except StopIteration as e:
    print("StopIteration value", e.value)
