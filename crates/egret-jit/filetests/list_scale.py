# List reads and stores call helpers that check the element kind.
# args: List(Int), Int
def f(xs, k):
    for i in range(len(xs)):
        xs[i] = xs[i] * k
    return k
