import array
a = array.array('i', [1, 2, 3])
a.append(4); a.extend([5, 6]); a.insert(0, 0)
print(a, len(a), a[2], a[-1], a[1:4], a.tolist(), a.itemsize, a.typecode, 3 in a, a.index(3), a.count(2))
print(a.pop(), a.pop(0), a, list(a), sum(a))
b = array.array('d', [1.5, 2.5]); print(b, b * 2, b + array.array('d', [3.0]), b.tobytes() == array.array('d', b.tobytes()).tobytes())
print(array.array('f', [0.1]), array.array('u', 'hi'), array.array('u', 'hi').tounicode(), array.array('B', b'ab'), array.array('B', b'ab').tobytes())
print(array.array('d'), array.array('i', [1]) == array.array('d', [1.0]), array.array('h', [1, 2]) < array.array('h', [1, 3]), array.typecodes)
for e in ["array.array('b',[200])", "array.array('B',[-1])", "array.array('H',[-1])", "array.array('I',[-1])", "array.array('b',[1.5])", "array.array('d',['x'])", "array.array('z')", "array.array('i',[1,2])[5]", "array.array('i').pop()"]:
    try:
        eval(e)
    except Exception as x:
        print(type(x).__name__, x)
c = array.array('i', range(5)); c[1] = 10; del c[0]; c.reverse(); print(c)
c.byteswap(); c.byteswap(); print(c, c.buffer_info()[1])
