# An exception raised while handling another one
print("start")
try:
    {}["a"]
except KeyError:
    print("handling KeyError")
    raise RuntimeError("handler failed")
