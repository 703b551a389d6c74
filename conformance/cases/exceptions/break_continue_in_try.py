# An exception raised in a loop body before its `break` or `continue` is
# still caught by the `try` around the loop: the break's unwinding must not
# end the protection of blocks outside the loop.
log = []


class CM:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        log.append("enter " + self.name)
        return self

    def __exit__(self, *exc):
        log.append("exit " + self.name + " " + (exc[0].__name__ if exc[0] else "-"))
        return False


def before_break():
    try:
        for x in [1, 2]:
            1 / 0
            break
    except ZeroDivisionError:
        return "caught"
    finally:
        log.append("finally")


def before_continue():
    n = 0
    try:
        while n < 3:
            n += 1
            if n == 2:
                [][n]
            continue
    except IndexError:
        return "caught at", n


def after_break_in_inner_try():
    out = []
    try:
        for i in range(3):
            try:
                if i == 1:
                    break
            finally:
                out.append(i)
        {}["k"]
    except KeyError:
        out.append("keyerror")
    return out


def with_around_loop():
    try:
        with CM("a"):
            for i in range(5):
                if i == 3:
                    int("x")
                if i == 4:
                    break
    except ValueError as e:
        return "value error"


def return_in_loop_then_raise(flag):
    try:
        for i in range(3):
            if flag:
                return i
            raise TypeError("t")
    except TypeError:
        return "caught"


def nested_loops():
    seen = []
    try:
        for i in range(3):
            for j in range(3):
                if j == 1:
                    break
                seen.append((i, j))
            if i == 2:
                1 % 0
            continue
    except ZeroDivisionError:
        seen.append("zd")
    return seen


for f in [before_break, before_continue, after_break_in_inner_try, with_around_loop, nested_loops]:
    for _ in range(30):
        r = f()
    print(f.__name__, r)
print(return_in_loop_then_raise(True), return_in_loop_then_raise(False))
print(log[:6], len(log))

# At module level too.
try:
    for x in range(3):
        x / 0
        break
except ZeroDivisionError:
    print("module caught")
