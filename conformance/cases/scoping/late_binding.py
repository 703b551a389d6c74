# Closures capturing loop variables bind late
fns = []
for i in range(3):
    fns.append(lambda: i)
print([f() for f in fns])
fixed = []
for i in range(3):
    fixed.append(lambda i=i: i)
print([f() for f in fixed])
def make(i):
    return lambda: i * 10
made = [make(i) for i in range(3)]
print([f() for f in made])
comp = [lambda: k for k in range(3)]
print([f() for f in comp])
