# Multiple except clauses and tuples of types
def risky(kind):
    if kind == 1:
        return [][0]
    if kind == 2:
        return {}["k"]
    if kind == 3:
        return int("x")
    if kind == 4:
        return 1 / 0
    return "ok"
for kind in range(5):
    try:
        print(risky(kind))
    except IndexError:
        print("index error")
    except (KeyError, ValueError) as e:
        print("key or value:", type(e).__name__)
    except Exception as e:
        print("other:", type(e).__name__)
try:
    raise KeyError("x")
except LookupError:
    print("first matching clause wins")
except KeyError:
    print("not reached")
