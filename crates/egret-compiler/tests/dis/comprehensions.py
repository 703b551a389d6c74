# Comprehensions are nested code objects; a generator expression too.
def f(rows):
    flat = [x for row in rows for x in row if x]
    keys = {k: v for k, v in zip(flat, flat)}
    return sum(x * x for x in flat), keys
