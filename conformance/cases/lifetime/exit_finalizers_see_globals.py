# At exit, the finalizers of the main module's objects run while every
# global is still bound (CPython collects them with the module's dict),
# and a global cached by a hot module-level loop does not keep its old
# value alive after it is rebound.
import sys


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        sys.stdout.write("del %s, sys bound: %s\n" % (self.name, "sys" in globals()))


first = Noisy("first")
holder = [Noisy("in a list")]
log = []


class Counted:
    def __init__(self, k):
        self.k = k

    def __del__(self):
        log.append(self.k)


for i in range(30):
    tmp = [i, Counted(i)]
    del tmp[0]
print(log == list(range(29)), log[-3:])
last = Noisy("last")
print("end of program")
