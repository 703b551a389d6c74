# Support module: partial import of _helper_cycle_a.
print("cycle_b: start")
import _helper_cycle_a
print("cycle_b: a has A_VALUE:", hasattr(_helper_cycle_a, "A_VALUE"))
B_VALUE = "b"
