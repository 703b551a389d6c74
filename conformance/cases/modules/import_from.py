# from _helper_mod import ...
from _helper_mod import f, GREETING, Thing
print(f(2), GREETING, Thing("x"))
from _helper_mod import counter, bump
print(bump(), counter)
import _helper_mod
print(_helper_mod.counter, counter)
print(f is _helper_mod.f)
try:
    from _helper_mod import does_not_exist
except ImportError as e:
    print("ImportError:", type(e).__name__)
