# Benchmark: generator pipelines, generator expressions and recursive yield from.
# Usage: generators.py [N]  -- prints the pipeline totals as the checksum.
import sys


def numbers(n):
    for i in range(n):
        yield i


def evens(xs):
    for x in xs:
        if x % 2 == 0:
            yield x


def squares(xs):
    for x in xs:
        yield x * x


def chunks(xs, size):
    chunk = []
    for x in xs:
        chunk.append(x)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def tree(depth):
    # A full binary tree as nested tuples.
    if depth == 0:
        return ()
    return (tree(depth - 1), depth, tree(depth - 1))


def walk(node):
    if node:
        left, value, right = node
        yield from walk(left)
        yield value
        yield from walk(right)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000000
    total = sum(squares(evens(numbers(n))))
    sizes = sum(len(c) for c in chunks(numbers(n), 7))
    odd = sum(x for x in numbers(n) if x % 3 == 1)
    t = tree(14)
    walked = 0
    for _ in range(n // 40000):
        walked += sum(walk(t))
    print(total, sizes, odd, walked)


main()
