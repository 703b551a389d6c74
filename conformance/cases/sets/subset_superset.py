# Subset / superset comparisons
a = {1, 2}
b = {1, 2, 3}
print(a <= b, a < b, b >= a, b > a)
print(a <= a, a < a, a == {2, 1})
print(a.issubset(b), b.issuperset(a), a.issubset([1, 2]))
print({1, 4} <= b, {1, 4} > b)
print(set() <= a, set() < set())
