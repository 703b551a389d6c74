# The pure-Python `types` module from CPython's standard library, unmodified.
import types

def f(): pass
async def c(): pass
def g(): yield 1
class C:
    def m(self): pass

print(isinstance(f, types.FunctionType), isinstance(len, types.BuiltinFunctionType))
print(isinstance(g(), types.GeneratorType), isinstance(C().m, types.MethodType))
co = c()
print(isinstance(co, types.CoroutineType))
co.close()
print(isinstance(types, types.ModuleType), types.NoneType is type(None))
ns = types.SimpleNamespace(a=1, b="two")
ns.c = [3]
print(ns, ns.a, ns == types.SimpleNamespace(a=1, b="two", c=[3]))
print(list[int], dict[str, list[int]], type(list[int]) is types.GenericAlias)
print(int | str, (int | None) == (None | int), isinstance(3, int | str), isinstance(3.0, int | str))
print(types.new_class("Dyn", (C,)).__mro__[1] is C)
print(types.MappingProxyType is not None, types.CellType.__name__)
