# Set algebra via methods (accept any iterable)
a = {1, 2, 3}
print(sorted(a.union([3, 4], (5,))))
print(a.intersection(range(2, 10)))
print(a.difference([1]), a.symmetric_difference([3, 4]))
d = {1, 2}
d.update([7, 8])
print(sorted(d))
d.intersection_update({1, 7, 9})
print(d)
d.difference_update([1])
print(d)
print(a.isdisjoint({4, 5}), a.isdisjoint({3}))
