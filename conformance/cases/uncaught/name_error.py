# Uncaught NameError from a nested call
def outer():
    return inner()
def inner():
    return undefined_thing * 2
print("calling")
outer()
