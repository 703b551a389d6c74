import heapq, bisect, random, _heapq, _bisect
random.seed(5)
data = [random.randrange(100) for _ in range(50)]
h = []
for x in data:
    heapq.heappush(h, x)
print(h)
print([heapq.heappop(h) for _ in range(10)], h[:5])
d2 = data[:]; heapq.heapify(d2); print(d2)
print(heapq.heapreplace(d2, 500), heapq.heappushpop(d2, -1), heapq.heappushpop(d2, 1000), d2[:6])
m = data[:]; heapq._heapify_max(m); print(m[:8], heapq._heappop_max(m), heapq._heapreplace_max(m, 7), m[:5])
print(heapq.nlargest(5, data), heapq.nsmallest(5, data), list(heapq.merge([1, 4, 9], [2, 3, 10])))
for bad in [(_heapq.heappop, []), (_heapq.heappush, (), 1), (_heapq.heapreplace, [], 1), (_heapq.heapify, 5)]:
    try:
        bad[0](*bad[1:])
    except (TypeError, IndexError) as e:
        print(type(e).__name__, e)
s = sorted(data)
print([bisect.bisect_left(s, v) for v in (0, 50, 99, 100)], [bisect.bisect_right(s, v) for v in (0, 50, 99, 100)])
print(bisect.bisect(s, 50, 10, 20), bisect.bisect_left(s, 50, hi=5))
bisect.insort(s, 42); bisect.insort_left(s, 42); print(s.count(42), s == sorted(s))
recs = [(1, "a"), (3, "b"), (5, "c")]
print(bisect.bisect_left(recs, 3, key=lambda r: r[0]))
bisect.insort(recs, (4, "z"), key=lambda r: r[0]); print(recs)
try:
    bisect.bisect_left(s, 1, -1)
except ValueError as e:
    print(e)
print(_bisect.bisect_right.__module__, _heapq.heappush.__module__)
