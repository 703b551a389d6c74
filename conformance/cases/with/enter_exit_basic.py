# __enter__/__exit__ order, the `as` target gets __enter__'s result, clean exit gets Nones
class Tracer:
    def __init__(self, name):
        self.name = name
        print("init", name)

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type, exc, tb)
        return False

with Tracer("alpha") as value:
    print("body sees", value)
print("after with")

with Tracer("beta"):
    print("body without as")

class SelfReturning:
    def __init__(self):
        self.log = []
    def __enter__(self):
        self.log.append("enter")
        return self
    def __exit__(self, *args):
        self.log.append("exit")

cm = SelfReturning()
with cm as same:
    print("same object:", same is cm)
    same.log.append("body")
print(cm.log)
with cm:
    pass
print(cm.log)

with Tracer("gamma") as (first, *rest):
    print(first, rest)
holder = {}
with Tracer("delta") as holder["key"]:
    pass
print(holder)
