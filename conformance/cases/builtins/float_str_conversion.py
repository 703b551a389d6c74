# float() and str() conversions
print(float("3.5"), float("-1e3"), float(" 2 "), float(7), float("inf"), float("-Infinity"))
print(float("nan"), float(), float("1_000.5"), float(".5"), float("5."))
print(str(42), str(-0.5), str(1e100), str(None), str(True), str(), str([1, "a"]))
print(str(10 ** 25), str(2.0), str(0.1 + 0.7))
try:
    float("abc")
except ValueError as e:
    print("ValueError:", e)
print(float(2 ** 60), float("1e400"))
