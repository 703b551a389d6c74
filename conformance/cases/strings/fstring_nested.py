# Nested f-string expressions and dynamic specs
width = 8
prec = 2
val = 3.14159
print(f"[{val:{width}.{prec}f}]")
print(f"[{'x':>{width}}]")
name = "abc"
print(f"{f'{name}!'.upper()}")
rows = [("a", 1), ("bb", 22), ("ccc", 333)]
for k, v in rows:
    print(f"{k:<{width - 3}}|{v:>{4}}")
print(f"{', '.join(f'{i * i}' for i in range(4))}")
print(f"{[f'{c}{c}' for c in 'ab']}")
print(f"{(lambda z: z + 1)(1)}")
print(f"{'yes' if val > 3 else 'no'}")
