# round: half-even and ndigits
print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5))
print(round(3.7), round(-3.7), round(7), type(round(2.5)).__name__)
print(round(3.14159, 2), round(2.675, 2), round(1.005, 2), round(-2.5, 0))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2))
print(round(123.456, -1), round(0.1 + 0.2, 10), type(round(2.5, 0)).__name__)
print(round(1e20), round(5, 2))
