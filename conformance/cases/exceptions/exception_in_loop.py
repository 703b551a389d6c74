# Handling exceptions inside loops
results = []
for s in ["1", "2", "x", "4", "", "6"]:
    try:
        results.append(int(s))
    except ValueError as e:
        print("skip:", e)
        continue
print(results)
def safe_div(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return None
print([safe_div(10, b) for b in [1, 0, 4]])
i = 0
while True:
    try:
        i += 1
        if i == 3:
            raise StopIteration
    except StopIteration:
        print("stopped at", i)
        break
