# break and continue leave only the blocks they unwind.
def f(items):
    out = []
    try:
        for x in items:
            if x is None:
                continue
            if x < 0:
                break
            out.append(x)
    except ValueError:
        return "caught"
    finally:
        out.append("end")
    return out
