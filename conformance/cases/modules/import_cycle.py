# Circular imports see partially initialised modules
import _helper_cycle_a
print("main: done", _helper_cycle_a.A_VALUE)
import _helper_cycle_b
print(_helper_cycle_b.B_VALUE)
