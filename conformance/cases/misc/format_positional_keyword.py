# str.format: automatic, explicit and keyword fields, repeated fields, unpacked arguments
print("{} + {} = {}".format(1, 2, 3))
print("{0}{1}{0}".format("ab", "-"))
print("{2}, {1}, {0}".format("a", "b", "c"))
print("{greet}, {who}!".format(greet="Hello", who="world"))
print("{0} {name} {1}".format(10, 20, name="mid"))
args = ("x", "y")
kwargs = {"z": "zed"}
print("{1}{0}{z}".format(*args, **kwargs))
print("{} {}".format([1, 2], (3,)), "{}".format(None), "{}".format(True))
print("{{}} {{{}}} {{0}}".format("inside"))
print("".format(), "plain".format(1, 2, x=3))
try:
    "{} {}".format(1)
except IndexError as e:
    print("IndexError:", e)
try:
    "{missing}".format(other=1)
except KeyError as e:
    print("KeyError:", e)
try:
    "{0} {}".format(1, 2)
except ValueError as e:
    print("ValueError:", e)
print("{:d}|{:5}|{:<5}|{:>5}|".format(42, 7, "ab", "cd"))
print("{0:b} {0:o} {0:x} {0:X} {0:#x} {0:#b}".format(255))
print("{:,} {:_} {:+d} {: d}".format(1234567, 1234567, 5, 5))
print("{:.3} {:.0f} {:e} {:%}".format(3.14159, 2.5, 12345.678, 0.125))
