# Mutable default pitfall: default evaluated once
def append_to(x, acc=[]):
    acc.append(x)
    return acc
print(append_to(1))
print(append_to(2))
print(append_to(3, []))
print(append_to(4))
def safe_append(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc
print(safe_append(1), safe_append(2))
counter = 0
def next_id():
    global counter
    counter += 1
    return counter
def make(tag=next_id()):
    return tag
print(make(), make(), counter)
print(append_to.__defaults__ if hasattr(append_to, "__defaults__") else "n/a")
