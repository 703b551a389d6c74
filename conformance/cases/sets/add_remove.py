# add, discard, remove, pop, clear
s = {1, 2}
s.add(3)
s.add(2)
print(s)
s.discard(1)
s.discard(99)
print(s)
s.remove(2)
print(s)
try:
    s.remove(42)
except KeyError as e:
    print("KeyError:", e)
x = s.pop()
print(x, s)
s.clear()
print(s, len(s))
try:
    s.pop()
except KeyError as e:
    print("KeyError:", e)
