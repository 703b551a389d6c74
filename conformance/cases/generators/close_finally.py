# close() raises GeneratorExit at the paused yield; finally blocks run; closing twice is fine
def worker(name):
    print(name, "started")
    try:
        i = 0
        while True:
            yield i
            i += 1
    finally:
        print(name, "cleanup")
w = worker("w1")
print(next(w), next(w))
w.close()
w.close()
print("closed twice;", next(w, "exhausted"))
def catches():
    try:
        yield 1
    except GeneratorExit:
        print("saw GeneratorExit")
        raise
c = catches()
next(c)
c.close()
worker("w2").close()
print("closing unstarted generator runs nothing")
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError:", e)
def finite():
    try:
        yield 1
    finally:
        print("finite cleanup")
f = finite()
print(list(f)); f.close()
print("close after exhaustion does nothing")
w3 = worker("w3")
for x in w3:
    if x == 2: break
print("after for loop break at", x)
w3.close()
