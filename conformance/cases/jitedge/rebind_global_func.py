# a global function called from a hot loop is replaced midway; callers see the new one
def step(x):
    return x + 1

def run(n):
    total = 0
    for i in range(n):
        total = step(total)
    return total

print(run(1000))
results = []
for i in range(10):
    if i == 5:
        def step(x):
            return x + 100
    results.append(step(0))
print(results)
print(run(10))

def make_step(k):
    def step_k(x):
        return x * k + 1
    return step_k

step = make_step(2)
print(run(1), run(3))
step = lambda x: str(x) + "!"
print(run(3))

def caller():
    return helper()
def helper():
    return "helper v1"
outs = []
for i in range(6):
    outs.append(caller())
    if i == 2:
        globals()["helper"] = lambda: "helper v2"
print(outs)
del helper
try:
    caller()
except NameError as e:
    print("NameError:", e)
