# A slice whose __index__ changes the list: the length is read afterwards.
class X:
    def __index__(self):
        e[:] = []
        return 1

e = list(range(10))
e[0:10:X()] = []
print(e)
e = list(range(10))
del e[0:10:X()]
print(e)
e = list(range(10))
print(e[0:10:X()])
e = list(range(10))
print(e[X():8], e)
