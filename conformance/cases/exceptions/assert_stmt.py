# assert with and without message
try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("AssertionError:", e, e.args)
try:
    assert False
except AssertionError as e:
    print("no message:", repr(e), e.args)
assert True, "never"
x = 5
try:
    assert x < 0, f"x was {x}"
except AssertionError as e:
    print(e)
print("done")
