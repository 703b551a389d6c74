# getattr / hasattr / setattr on builtins and instances
print(getattr("abc", "upper")(), hasattr([], "append"), hasattr(3, "append"))
print(getattr(5, "real"), getattr(1.5, "imag"))
class Box:
    pass
b = Box()
for i, name in enumerate(["alpha", "beta", "gamma"]):
    setattr(b, name, i)
print(b.alpha, b.beta, b.gamma)
print([getattr(b, n, -1) for n in ["alpha", "delta"]])
try:
    setattr(3, "x", 1)
except AttributeError as e:
    print("AttributeError:", e)
print((10).bit_length(), (255).to_bytes(2, "big"), int.from_bytes(b"\x01\x00", "big"))
print((3.5).is_integer(), (4.0).is_integer(), (0.75).as_integer_ratio())
