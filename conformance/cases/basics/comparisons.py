# Comparisons and chained comparisons
x = 5
print(1 < x < 10, 1 < x > 10, 10 > x >= 5)
print(1 == 1.0, 1 != 2, 2 <= 2)
print(1 < 2 < 3 < 4, 1 < 2 < 2)
print(3 > 2 == 2, (3 > 2) == 2)
print("abc" < "abd", "a" < "B", "Z" < "a", "" < "a")
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, 2) == (1, 2))
print(None == None, None != 0)
def side(v):
    print("eval", v)
    return v
print(side(1) < side(2) < side(0) < side(5))
print(side(3) < side(2) < side(10))
a = b = 7
print(a == b == 7, a is b)
