# Builtin methods that take no arguments reject any, with CPython's messages
# (positional, keyword, and through the unbound descriptor).
cases = (({}, ('keys','values','items','copy','clear','popitem')), ([1], ('copy','clear','reverse')), ({1}, ('copy','clear','pop')), (frozenset(), ('copy',)), ('a', ('upper','lower','isdigit','title','casefold','isidentifier')), (b'a', ('upper','lower','isascii','title')), (bytearray(b'a'), ('upper', 'copy','clear','reverse')))
for obj, names in cases:
    for m in names:
        try: getattr(obj, m)(None); print(m, 'no error')
        except TypeError as e: print(e)
        try: getattr(obj, m)(x=1); print(m, 'kw no error')
        except TypeError as e: print(e)
        try: getattr(type(obj), m)(obj, 1, 2); print(m, 'no error')
        except TypeError as e: print(e)
    print(getattr(obj, names[0])() is not None)
print(dict.keys({1: 2}), list.copy([1]), str.upper('a'))
class D(dict): pass
try: D().keys(1)
except TypeError as e: print(e)
try: dict.keys()
except TypeError as e: print(e)
