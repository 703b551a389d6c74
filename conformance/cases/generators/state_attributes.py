# Generator and coroutine state attributes (gi_*, cr_*).
def inner():
    yield 1
    yield 2
def outer():
    yield from inner()
g = outer()
print(g.gi_running, g.gi_suspended, g.gi_code.co_name, g.gi_yieldfrom)
next(g)
print(g.gi_running, g.gi_suspended, g.gi_yieldfrom.__name__)
list(g)
print(g.gi_suspended, g.gi_yieldfrom, g.gi_code is None)
def me():
    yield gen.gi_running
gen = me()
print(next(gen))
async def c(): pass
co = c()
print(co.cr_running, co.cr_suspended, co.cr_code.co_name, co.cr_await)
co.close()
print([n for n in dir(outer()) if n.startswith("gi_") and n != "gi_frame"], [n for n in dir(co) if n.startswith("cr_") and n != "cr_frame" and n != "cr_origin"])
