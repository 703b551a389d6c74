# divmod and pow
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(-17, -5))
print(divmod(7.5, 2), divmod(-7.5, 2), divmod(2 ** 70, 3))
print(pow(2, 10), pow(2, -2), pow(2.0, 3), pow(-8, 2))
print(pow(3, 4, 5), pow(2, 100, 1000007), pow(7, 0, 13), pow(-3, 3, 7))
print(pow(3, -1, 7), pow(10, -1, 17))
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    pow(0, -1)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
