# import sys
import sys
print(sys.argv[0].endswith(".py"), sys.argv[0].endswith("sys_module.py"), len(sys.argv))
print(sys.maxsize, sys.maxsize == 2 ** 63 - 1)
print(sys.version_info[:2], sys.version_info[0] == 3)
print(sys.getrecursionlimit())
sys.setrecursionlimit(5000)
print(sys.getrecursionlimit())
print(type(sys.modules).__name__, "sys" in sys.modules)
sys.stdout.write("written via sys.stdout\n")
