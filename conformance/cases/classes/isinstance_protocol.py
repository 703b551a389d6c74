# isinstance/issubclass beyond types: the `__bases__` protocol of "abstract"
# classes, an instance's claimed `__class__`, recursion limits, metaclass
# hooks; and two related class-model corners (object.__dir__ called from a
# class's own __dir__, a metaclass __call__ that is not a function).
import sys


class AbstractClass:
    def __init__(self, bases):
        self.bases = bases

    @property
    def __bases__(self):
        return self.bases

    def __call__(self):
        return AbstractInstance(self)


class AbstractInstance:
    def __init__(self, klass):
        self.klass = klass

    @property
    def __class__(self):
        return self.klass


Super = AbstractClass(bases=())
Child = AbstractClass(bases=(Super,))
Other = AbstractClass(bases=())
Multi = AbstractClass(bases=(Other, Child))

print(issubclass(Child, Super), issubclass(Super, Child), issubclass(Multi, Super))
print(isinstance(Child(), Super), isinstance(Child(), Child), isinstance(Super(), Child))
print(isinstance(Multi(), (int, Super)), issubclass(Multi, (int, Other)))


def show(f, *args):
    try:
        print(f.__name__, f(*args))
    except Exception as e:
        print(f.__name__, type(e).__name__, e)


show(issubclass, Child, 3)
show(issubclass, 3, int)
show(isinstance, 3, Child())
show(isinstance, 3, 3)
show(issubclass, int, (int, 3))
show(isinstance, 1, (str, (bytes, (int,))))


class NoBases:
    pass


nb = NoBases()
show(issubclass, nb, int)
nb.__bases__ = [int]
show(issubclass, nb, int)


class BadBases:
    @property
    def __bases__(self):
        raise RuntimeError('bases failed')


show(issubclass, BadBases(), int)
show(isinstance, 1, BadBases())


class Cycle:
    @property
    def __bases__(self):
        return (self, self, self)


show(issubclass, Cycle(), int)


class SelfRef:
    @property
    def __bases__(self):
        return self.__bases__


show(issubclass, SelfRef(), int)

# A deep nesting of tuples.
t = int
for _ in range(sys.getrecursionlimit() + 10):
    t = (t,)
show(isinstance, 1, t)
show(issubclass, bool, t)


# An instance claiming another class.
class A:
    pass


class Claims:
    @property
    def __class__(self):
        return A


class Raises:
    @property
    def __class__(self):
        raise AttributeError('no class')


print(isinstance(Claims(), A), isinstance(Claims(), Claims), isinstance(Claims(), int))
print(isinstance(Raises(), Raises), isinstance(Raises(), A))
print(type(Claims()).__name__, Claims().__class__.__name__)


# Metaclass hooks.
class Meta(type):
    def __instancecheck__(cls, inst):
        return inst == 'yes'

    def __subclasscheck__(cls, sub):
        return sub is int


class Hooked(metaclass=Meta):
    pass


print(isinstance('yes', Hooked), isinstance('no', Hooked), issubclass(int, Hooked),
      issubclass(str, Hooked))
print(isinstance(Hooked(), Hooked))   # the exact type wins first


# object.__dir__ from a class's own __dir__.
class WithDir:
    x = 1

    def __dir__(self):
        return ['extra'] + [n for n in object.__dir__(self) if n in ('x', '__class__')]


class IntDir(int):
    def __dir__(self):
        return ['mine'] + [n for n in object.__dir__(self) if n == 'real']


print(dir(WithDir()), dir(IntDir(3)))
print(sorted(object.__dir__(WithDir()))[:3])


# A metaclass whose __call__ is not a function.
class DictMeta(type):
    __call__ = dict


class MadeDict(metaclass=DictMeta):
    pass


d = MadeDict(a=1)
print(type(d).__name__, d)


class StaticMeta(type):
    @staticmethod
    def __call__(*args, **kwargs):
        return ('static', args, sorted(kwargs))


class S(metaclass=StaticMeta):
    pass


print(S(1, k=2))


class Caller:
    def __call__(self, *args):
        return ('caller', args)


class InstMeta(type):
    __call__ = Caller()


class I(metaclass=InstMeta):
    pass


print(I(5))

from typing import TypedDict
Emp = TypedDict('Emp', {'name': str, 'id': int})
jim = Emp(name='Jim', id=1)
print(type(jim).__name__, jim)
show(isinstance, jim, Emp)
