# The binary streams under the standard text streams: sys.stdout.buffer
# shares the text layer's order of output, is the same object every time,
# takes only bytes-like objects and has no encoding.
import sys

print("text first")
sys.stdout.buffer.write(b"bytes second\n")
print("text third")
out = sys.stdout.buffer
print(out is sys.stdout.buffer, out.fileno(), sys.stdin.buffer.fileno(), sys.stderr.buffer.fileno())
print(out.write(bytearray(b"bytearray\n")), out.write(memoryview(b"memoryview\n")))
try:
    out.write("a str")
except TypeError as e:
    print("TypeError", e)
print(hasattr(out, "encoding"), hasattr(sys.stdout, "encoding"), out.writable())
out.flush()
sys.stdout.write("text again\n")
sys.stdout.buffer.write("caf\u00e9\n".encode("utf-8"))
