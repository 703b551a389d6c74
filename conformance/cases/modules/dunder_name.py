# __name__ of the main module and imported modules
print(__name__)
if __name__ == "__main__":
    print("running as main")
import _helper_mod
print(_helper_mod.__name__)
import math
print(math.__name__)
def f():
    pass
print(f.__module__)
