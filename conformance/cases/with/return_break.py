# return, break and continue inside with still run __exit__, in the right order
class Log:
    def __init__(self, tag):
        self.tag = tag
    def __enter__(self):
        print("  enter", self.tag)
        return self
    def __exit__(self, *exc):
        print("  exit", self.tag)

def early_return(flag):
    with Log("func"):
        if flag:
            return "returned early"
        print("  no early return")
    return "returned late"

print(early_return(True))
print(early_return(False))

for i in range(5):
    with Log(i):
        if i == 1:
            continue
        if i == 3:
            break
        print("  body", i)
print("loop ended at", i)

def nested_return():
    with Log("a"):
        with Log("b"):
            return "value from inside two withs"
print(nested_return())

def return_in_finally_order():
    try:
        with Log("try-with"):
            return "r"
    finally:
        print("  finally")

print(return_in_finally_order())
n = 0
while True:
    with Log("while"):
        n += 1
        if n == 2:
            break
print("n =", n)
