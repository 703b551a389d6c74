# The main script's __file__ and code file name are absolute (the working
# directory joined to the path it was run by, not normalized), as in
# CPython 3.9 and later; sys.argv[0] keeps the path as given.
import os
import sys
import traceback

print(os.path.isabs(__file__))
print(__file__ == os.path.join(os.getcwd(), sys.argv[0]))
print(traceback.extract_stack()[-1].filename == __file__)
try:
    1 / 0
except ZeroDivisionError as e:
    print(e.__traceback__.tb_frame.f_code.co_filename == __file__)
print(sys._getframe().f_code.co_filename == __file__)
