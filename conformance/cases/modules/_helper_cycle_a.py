# Support module: imports _helper_cycle_b, which imports this one back.
print("cycle_a: start")
A_VALUE = "a"
import _helper_cycle_b
print("cycle_a: end, sees", _helper_cycle_b.B_VALUE)
