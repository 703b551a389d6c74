# The int/str conversion limit (sys.set_int_max_str_digits, CPython 3.11).
import sys
for f in [lambda: int("1" * 5000), lambda: str(10 ** 5000), lambda: repr(-10 ** 4300), lambda: f"{10**4300:,}", lambda: "%d" % 10**4300,
          lambda: len(str(10 ** 4299)), lambda: len(hex(10 ** 5000)), lambda: int("1" * 4300) > 0, lambda: len(format(10**5000, "x")),
          lambda: int("1_" * 2500 + "1")]:
    try:
        print(f())
    except ValueError as e:
        print("ValueError:", e)
print(sys.get_int_max_str_digits())
try: sys.set_int_max_str_digits(5)
except ValueError as e: print(e)
sys.set_int_max_str_digits(maxdigits=0)
print(len(str(10 ** 10000)), sys.get_int_max_str_digits())
sys.set_int_max_str_digits(700)
try: str(10**800)
except ValueError as e: print(e)
