# Integers too large for an index-sized integer: OverflowError where CPython
# converts an argument (len, sizes, repeat counts), IndexError for
# subscripts, ValueError where the value is clipped and range-checked.
import collections
import math
import sys


class BadLen:
    def __len__(self):
        return sys.maxsize + 1


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


def t(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


big = 2 ** 100
t('len', lambda: len(BadLen()))
t('bytes', lambda: bytes(sys.maxsize + 1))
t('bytearray', lambda: bytearray(sys.maxsize + 1))
t('in bytes', lambda: big in b'abc')
t('in bytearray', lambda: -big in bytearray(b'abc'))
t('in bytes idx', lambda: Idx(big) in b'abc')
t('int base', lambda: int('0', big))
t('int base neg', lambda: int('0', -big))
t('factorial', lambda: math.factorial(big))
t('factorial neg', lambda: math.factorial(-big))
t('list[big]', lambda: [1][big])
t('list[Idx]', lambda: [1][Idx(big)])
t('tuple[Idx]', lambda: (1,)[Idx(-big)])
t('str[Idx]', lambda: 'a'[Idx(big)])
t('deque[big]', lambda: collections.deque([1])[big])
t('range[big]', lambda: range(10)[big])
t('str*big', lambda: 'a' * big)
t('list*big', lambda: [0] * (2 ** 70))
t('slice', lambda: 'abc'[big:])
t('slice Idx', lambda: 'abc'[Idx(-big):Idx(big)])
t('operator.index', lambda: __import__('operator').index(Idx(big)) == big)
t('Idx len', lambda: len(type('L', (), {'__len__': lambda self: Idx(big)})()))
