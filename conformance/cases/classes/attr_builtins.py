# hasattr / getattr / setattr / delattr
class Thing:
    color = "red"
    def __init__(self):
        self.size = 3
t = Thing()
print(hasattr(t, "size"), hasattr(t, "color"), hasattr(t, "weight"))
print(getattr(t, "size"), getattr(t, "weight", "none"))
setattr(t, "weight", 10)
print(t.weight, getattr(t, "weight"))
for name in ["size", "color", "weight"]:
    print(name, getattr(t, name))
delattr(t, "weight")
print(hasattr(t, "weight"))
try:
    getattr(t, "nope")
except AttributeError as e:
    print("AttributeError:", e)
try:
    t.missing
except AttributeError as e:
    print("AttributeError:", e)
print(getattr(t, "__class__").__name__)
