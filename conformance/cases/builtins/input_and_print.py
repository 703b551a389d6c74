# input() from sys.stdin (replaced, and the closed real one), print() options.
import io
import sys

try:
    input("first> ")
except EOFError as e:
    print("\nEOFError:", e)

sys.stdin = io.StringIO("Alice\nBob\n")
name = input("name> ")
print("got", repr(name))
print("again", repr(input()))
try:
    input()
except EOFError as e:
    print("EOFError:", e)
sys.stdin = sys.__stdin__

print("a", "b", 3, sep="-", end="!\n")
print("no newline", end="")
print(" then", flush=True)
print(*range(5), sep=", ")
print()
buf = io.StringIO()
print("into", "buffer", file=buf, sep="_")
print(repr(buf.getvalue()))
print("to stderr", file=sys.stderr)
try:
    print("x", sep=5)
except TypeError as e:
    print("TypeError:", e)
try:
    print("x", file=5)
except AttributeError as e:
    print("AttributeError:", e)
print(None, sep=None, end=None)
