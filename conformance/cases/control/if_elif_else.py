# if / elif / else
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"
for n in [-5, 0, 3, 10, 99]:
    print(n, classify(n))
x = []
if x:
    print("truthy")
else:
    print("falsy empty list")
if 0: print("no")
elif "": print("no")
else: print("both falsy")
if 1:
    if 2:
        print("nested")
