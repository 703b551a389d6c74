# int(), float(), eval(), exec() and compile() take their text from any
# simple buffer (memoryview, array), as from bytes.
import array


def check(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, "ok", r)


check("int mv", lambda: int(memoryview(b"12")))
check("int slice", lambda: int(memoryview(b"1234")[1:3]))
check("int array", lambda: int(array.array("B", b" 7 ")))
check("int bad", lambda: int(memoryview(b"x")))
check("int base", lambda: int(memoryview(b"ff"), 16))
check("float mv", lambda: float(memoryview(b"1.5")))
check("float array", lambda: float(array.array("B", b"3.5")))
check("float bytearray", lambda: float(bytearray(b"2.5")))
check("float noncontiguous", lambda: float(memoryview(b"12345")[::2]))
try:
    float(memoryview(b"x"))
except ValueError as e:
    print("float bad", str(e).startswith("could not convert string to float: <memory at 0x"))
check("eval mv", lambda: eval(memoryview(b"1+1")))
check("eval bytearray", lambda: eval(bytearray(b"2+2")))
ns = {}
check("exec mv", lambda: exec(memoryview(b"x = 3"), ns))
print(ns["x"])
check("compile mv", lambda: eval(compile(memoryview(b"6*7"), "f", "eval")))
check("compile array", lambda: eval(compile(array.array("B", b"5"), "f", "eval")))
