# keyword-only arguments, with and without defaults, after * and after *args
def connect(host, *, port=80, secure=False):
    return f"{host}:{port} secure={secure}"

print(connect("a"))
print(connect("b", port=8080))
print(connect("c", secure=True, port=443))
try:
    connect("d", 81)
except TypeError as e:
    print("TypeError:", e)

def needs(*, token, retries=3):
    return token, retries
print(needs(token="t"), needs(retries=0, token="u"))
try:
    needs()
except TypeError as e:
    print("TypeError:", e)

def mixed(a, b=2, *args, flag, level=1, **rest):
    return a, b, args, flag, level, sorted(rest)
print(mixed(1, flag=True))
print(mixed(1, 5, 6, 7, flag=None, level=9, other=0))
try:
    mixed(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)

def pos_only(a, b, /, c, *, d):
    return a + b + c + d
print(pos_only(1, 2, 3, d=4), pos_only(1, 2, c=3, d=4))
try:
    pos_only(1, b=2, c=3, d=4)
except TypeError as e:
    print("TypeError:", e)
print(connect.__kwdefaults__, mixed.__defaults__)
opts = {"port": 1, "secure": "maybe"}
print(connect("e", **opts))
