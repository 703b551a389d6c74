# isinstance/len/abs/min/max/sum/type in hot loops over mixed values
vals = [3, -4.5, "hey", [1, 2], (), -7, True, None, {"a": 1}, 2 ** 65]
ints = floats = strs = sized = 0
abs_total = 0
for i in range(5000):
    v = vals[i % len(vals)]
    if isinstance(v, bool):
        continue
    if isinstance(v, int):
        ints += 1
        abs_total += abs(v)
    elif isinstance(v, float):
        floats += 1
    elif isinstance(v, (str, list, tuple, dict)):
        sized += len(v)
        if isinstance(v, str):
            strs += 1
print(ints, floats, strs, sized, abs_total)

lo, hi = None, None
for i in range(-500, 500):
    x = (i * 37) % 101 - 50
    lo = x if lo is None else min(lo, x)
    hi = x if hi is None else max(hi, x)
print(lo, hi)
print(min(3, 1.5, 2), max("b", "abc"), min([4, 2], [4, 1, 9]), max(-0.0, 0), abs(-2 ** 70))
acc = 0
for i in range(3000):
    acc += len(str(i)) + abs(i - 1500) % 7
print(acc)
type_names = []
for v in [1, 1.0, "1", b"1", [1], (1,), {1: 1}, None, True, 1j]:
    type_names.append(type(v).__name__)
print(type_names)
m = 0
for i in range(2000):
    m = max(m, i % 97, key=lambda z: -z if z > 90 else z)
print(m)
print(sum(abs(x) for x in range(-100, 100)), sum([0.1] * 10), sum([[1], [2]], []))
