# repr of empty and single-element tuples
print((), (1,), ("a",), ((),), (1, 2))
print(tuple(), tuple([5]), tuple("ab"))
x = (42)
y = (42,)
print(type(x).__name__, type(y).__name__, len(y))
print(repr((None,)), str((1.5,)))
print([(1,)], {"k": (2,)})
print(((1,),))
