# import _helper_mod; import runs once
print("before import")
import _helper_mod
print("after first import")
import _helper_mod
print("after second import")
print(_helper_mod.GREETING, _helper_mod.f(4))
print(_helper_mod.bump(), _helper_mod.bump(), _helper_mod.counter)
print(_helper_mod.Thing(7), _helper_mod.__name__)
print(type(_helper_mod).__name__)
