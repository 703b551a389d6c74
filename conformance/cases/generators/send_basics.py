# send(): first send must be None, sent values become the yield expression's value
def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            print("got None")
            continue
        total += value

acc = accumulator()
print(acc.send(None))
print(acc.send(5))
print(acc.send(10))
print(next(acc))
print(acc.send(-3))

fresh = accumulator()
try:
    fresh.send(1)
except TypeError as e:
    print("TypeError:", e)

def echo():
    received = []
    while len(received) < 3:
        x = yield len(received)
        received.append(x)
    return received

e = echo()
print(next(e))
print(e.send("a"))
print(e.send("b"))
try:
    e.send("c")
except StopIteration as stop:
    print("finished with", stop.value)

def doubler():
    x = yield
    while True:
        x = yield x * 2

d = doubler()
print(next(d))
print(d.send(4), d.send("ab"), d.send(1.5))
