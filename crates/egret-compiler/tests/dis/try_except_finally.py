# Exception-table ranges and handler depths for try/except/else/finally.
def f(xs):
    try:
        n = len(xs)
    except TypeError as e:
        return str(e)
    else:
        n += 1
    finally:
        xs = None
    return n
