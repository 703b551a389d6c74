# Pattern matching: sequences, mappings, classes, guards, captures.
def f(cmd):
    match cmd:
        case ["go", direction]:
            return direction
        case {"x": x, "y": y} if x > y:
            return x
        case Point(x=0, y=yy):
            return yy
        case str() | bytes():
            return "text"
        case _:
            return None
