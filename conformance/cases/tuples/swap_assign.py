# a, b = x, y and a, b, c = x, y, z compile without a tuple: the order of
# evaluation and of the stores (left to right) stays Python's.
def f(p, i, j):
    p[i], p[j] = p[j], p[i]
    a, b = i, j
    a, b, c = b, a, i
    [x, y] = a, b
    return p, a, b, c, x, y
print(f([1,2,3], 0, 2))
class T:
    def __setitem__(s, k, v): print("set", k, v)
    def __getitem__(s, k): print("get", k); return k
t = T()
t[1], t[2] = t[3], t[4]
t[1], t[2], t[5] = t[3], t[4], t[6]
