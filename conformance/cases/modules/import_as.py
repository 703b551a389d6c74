# import _helper_mod as h; from ... import ... as ...
import _helper_mod as h
from _helper_mod import f as times_ten
print(h.f(1), times_ten(3), h.f is times_ten)
print(h.__name__)
h.GREETING = "changed"
import _helper_mod
print(_helper_mod.GREETING)
print(h._private)
