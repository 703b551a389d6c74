# generators that loop over other generators (manual delegation, no yield from)
def numbers(n):
    for i in range(n):
        print("  numbers yields", i)
        yield i

def evens(src):
    for x in src:
        if x % 2 == 0:
            yield x

def doubled(src):
    for x in src:
        yield x * 2

pipeline = doubled(evens(numbers(5)))
print("built pipeline")
for v in pipeline:
    print("got", v)

def chain(*iterables):
    for it in iterables:
        for x in it:
            yield x

print(list(chain(range(2), "ab", (g for g in [9]))))

def flatten(tree):
    for node in tree:
        if isinstance(node, list):
            for leaf in flatten(node):
                yield leaf
        else:
            yield node

print(list(flatten([1, [2, [3, [4]], 5], [[6]]])))

def take(n, src):
    for i, x in enumerate(src):
        if i >= n:
            return
        yield x

def count():
    for i in range(10 ** 9):
        yield i

print(list(take(4, doubled(count()))))
print(sum(take(100, count())))
