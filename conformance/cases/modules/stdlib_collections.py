from collections import deque, defaultdict, Counter, OrderedDict, namedtuple, ChainMap
d = deque([1, 2, 3])
d.append(4); d.appendleft(0)
print(d, len(d), d[0], d[-1], d.pop(), d.popleft(), d, 2 in d, list(reversed(d)))
d.rotate(1); print(d); d.rotate(-2); print(d)
d2 = deque(range(10), maxlen=3); print(d2, d2.maxlen)
d2.extendleft('ab'); print(d2)
print(deque() == deque(), deque([1]) < deque([2]), bool(deque()), d.count(2), d.index(3))
try:
    deque().pop()
except IndexError as e:
    print("IndexError:", e)
try:
    for x in d: d.append(x)
except RuntimeError as e:
    print("RuntimeError:", e)
class MyDeque(deque):
    def peek(self): return self[-1]
m = MyDeque([5, 6]); print(m.peek(), m, type(m.copy()).__name__)
dd = defaultdict(list)
dd['a'].append(1); dd['b'].append(2); dd['a'].append(3)
print(dd, dd['a'], 'c' in dd, len(dd), dict(dd))
di = defaultdict(int)
for w in "the cat the hat the".split(): di[w] += 1
print(sorted(di.items()), di.default_factory)
try:
    defaultdict(None)['x']
except KeyError as e:
    print("KeyError:", e)
c = Counter("abracadabra")
print(c.most_common(3), c['a'], c['z'], sorted(c.elements())[:4], c.total())
c2 = Counter(a=1, b=2) + Counter(a=3)
print(c2, Counter("aab") - Counter("ab"))
od = OrderedDict()
od['x'] = 1; od['y'] = 2; od['z'] = 3
od.move_to_end('x')
print(od, list(od.keys()), od.popitem(), od.popitem(last=False))
Point = namedtuple('Point', ['x', 'y'])
p = Point(1, y=2)
print(p, p.x, p.y, p[0], p._asdict(), p._replace(x=5), Point._fields, Point._make([7, 8]))
a, b = p; print(a + b, p == (1, 2), hash(p) == hash((1, 2)), isinstance(p, tuple))
cm = ChainMap({'a': 1}, {'a': 2, 'b': 3})
print(cm['a'], cm['b'], len(cm), sorted(cm))
