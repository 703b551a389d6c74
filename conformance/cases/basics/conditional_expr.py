# Conditional expressions
for n in range(-2, 3):
    s = "neg" if n < 0 else "zero" if n == 0 else "pos"
    print(n, s)
x = 10
print("big" if x > 5 else "small")
print([i if i % 2 else -i for i in range(6)])
y = (lambda v: v * 2)(3) if x else None
print(y)
print(1 if [] else 2, 1 if [0] else 2)
