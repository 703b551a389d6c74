# division by zero in the middle of hot loops: caught each time, loop keeps its state
def ratio(a, b):
    return a / b

count_err = 0
total = 0.0
for i in range(-50, 51):
    try:
        total += ratio(100, i % 10)
    except ZeroDivisionError as e:
        count_err += 1
        msg = str(e)
print(count_err, round(total, 6), msg)

msgs = []
for a, b in [(1, 0), (1.0, 0), (1, 0.0), (5, 0), (2 ** 80, 0)]:
    for op in ("/", "//", "%"):
        try:
            if op == "/":
                a / b
            elif op == "//":
                a // b
            else:
                a % b
        except ZeroDivisionError as e:
            msgs.append(op + " " + str(e))
for m in msgs:
    print(m)
try:
    divmod(3, 0)
except ZeroDivisionError as e:
    print("divmod:", e)
try:
    0.0 ** -1
except ZeroDivisionError as e:
    print("pow:", e)
try:
    pow(0, -1)
except ZeroDivisionError as e:
    print("int pow:", e)
s = 0
i = 0
while i < 1000:
    try:
        s += 1000 // (i % 4)
    except ZeroDivisionError:
        s -= 1
    i += 1
print(s)
