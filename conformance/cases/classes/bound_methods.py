# Bound methods and methods stored as callbacks
class Greeter:
    def __init__(self, word):
        self.word = word
    def greet(self, who):
        return f"{self.word}, {who}"
g = Greeter("Hi")
h = Greeter("Yo")
fns = [g.greet, h.greet]
print([f("x") for f in fns])
print(Greeter.greet(g, "direct"))
def call_twice(f, arg):
    return f(arg) + " / " + f(arg)
print(call_twice(g.greet, "z"))
g.word = "Hello"
print(fns[0]("late"))
print(g.greet.__name__)
