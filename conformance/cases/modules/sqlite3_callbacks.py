# sqlite3: Python functions, aggregates, window functions, collations and
# hooks called from inside SQLite, and their errors.
import sqlite3
import sys

con = sqlite3.connect(":memory:")
con.execute("create table t (x, s)")
con.executemany("insert into t values (?, ?)", [(i, "s%d" % i) for i in range(1, 6)])


def attempt(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", r)


con.create_function("double", 1, lambda v: v * 2)
con.create_function("kinds", -1, lambda *a: ",".join(type(v).__name__ for v in a))
con.create_function("nada", 0, lambda: None)
con.create_function("blob", 0, lambda: b"\x01\x02")
con.create_function("det", 1, lambda v: v, deterministic=True)
print(con.execute("select double(x), double(s) from t where x < 3").fetchall())
print(con.execute("select kinds(1, 1.5, 'a', x'00', null)").fetchone())
print(con.execute("select nada(), blob(), det(7)").fetchone())
con.create_function("fail", 0, lambda: 1 / 0)
con.create_function("oom", 0, lambda: (_ for _ in ()).throw(MemoryError))
con.create_function("big", 0, lambda: 2**70)
con.create_function("obj", 0, lambda: object())
attempt("raises", lambda: con.execute("select fail()").fetchone())
attempt("memory", lambda: con.execute("select oom()").fetchone())
attempt("too big", lambda: con.execute("select big()").fetchone())
attempt("unsupported result", lambda: con.execute("select obj()").fetchone())
con.create_function("double", 1, None)
attempt("removed", lambda: con.execute("select double(1)").fetchone())


class Sum:
    def __init__(self):
        self.total = 0

    def step(self, v):
        self.total += v

    def finalize(self):
        return self.total


class NoStep:
    def finalize(self):
        return 1


class NoFinalize:
    def step(self, v):
        pass


class BadInit:
    def __init__(self):
        raise ValueError("init")


class BadStep(Sum):
    def step(self, v):
        raise ValueError("step")


class BadFinalize(Sum):
    def finalize(self):
        raise ValueError("finalize")


con.create_aggregate("mysum", 1, Sum)
print(con.execute("select mysum(x) from t").fetchone())
print(con.execute("select mysum(x) from t where x > 100").fetchone())
print(con.execute("select x % 2, mysum(x) from t group by x % 2 order by 1").fetchall())
for name, cls in [("nostep", NoStep), ("nofinal", NoFinalize), ("badinit", BadInit),
                  ("badstep", BadStep), ("badfinal", BadFinalize)]:
    con.create_aggregate(name, 1, cls)
    attempt(name, lambda: con.execute("select %s(x) from t" % name).fetchone())


class Window:
    def __init__(self):
        self.total = 0

    def step(self, v):
        self.total += v

    def inverse(self, v):
        self.total -= v

    def value(self):
        return self.total

    def finalize(self):
        return self.total


con.create_window_function("winsum", 1, Window)
print(con.execute("""
    select x, winsum(x) over (order by x rows between 1 preceding and 1 following)
    from t order by x""").fetchall())


class NoInverse(Window):
    inverse = None


del Window.inverse
con.create_window_function("noinv", 1, Window)
attempt("window without inverse", lambda: con.execute(
    "select noinv(x) over (order by x rows between 1 preceding and current row) from t").fetchall())

# A function running the SQL of the statement that calls it (the cached
# statement is in use: the inner execution gets its own)
NESTED = "select nested(x) from t where x < ?"
con.create_function("nested", 1, lambda v: len(con.execute(NESTED, (v,)).fetchall()))
print(con.execute(NESTED, (4,)).fetchall())
print(con.execute(NESTED, (3,)).fetchall())

# Collations
con.create_collation("reverse", lambda a, b: (a < b) - (a > b))
print(con.execute("select s from t order by s collate reverse").fetchall())
con.create_collation("reverse", None)
attempt("removed collation", lambda: con.execute("select s from t order by s collate reverse").fetchall())

# Authorizer
def authorizer(action, arg1, arg2, dbname, source):
    if action == sqlite3.SQLITE_READ and arg2 == "s":
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and arg2 == "x" and arg1 == "t":
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


con.set_authorizer(authorizer)
attempt("denied column", lambda: con.execute("select s from t").fetchall())
print("ignored column", con.execute("select x from t limit 2").fetchall())
con.set_authorizer(lambda *a: 2**40)
attempt("authorizer overflow", lambda: con.execute("select 1 from t").fetchall())
con.set_authorizer(None)
print(con.execute("select s from t limit 1").fetchall())

# Progress handler
calls = []
con.set_progress_handler(lambda: calls.append(1) or len(calls) > 3, 1)
attempt("progress abort", lambda: con.execute(
    "with recursive c(n) as (select 1 union all select n + 1 from c where n < 100000) "
    "select count(*) from c").fetchall())
con.set_progress_handler(None, 0)
print("progress calls", len(calls))

# Trace callback
traced = []
con.set_trace_callback(traced.append)
con.execute("select ? + 1", (41,)).fetchall()
con.execute("insert into t values (?, ?)", (9, "it's"))
con.set_trace_callback(None)
con.execute("select 2")
print(traced)

# Callback tracebacks through sys.unraisablehook
seen = []
sys.unraisablehook = lambda u: seen.append((u.exc_type.__name__, str(u.exc_value),
                                           getattr(u.object, "__name__", None)))
sqlite3.enable_callback_tracebacks(True)


def broken():
    raise KeyError("k")


con.create_function("broken", 0, broken)
attempt("with tracebacks", lambda: con.execute("select broken()").fetchone())
attempt("bad step traced", lambda: con.execute("select badstep(x) from t").fetchone())
sqlite3.enable_callback_tracebacks(False)
attempt("without tracebacks", lambda: con.execute("select broken()").fetchone())
print(seen)
con.close()
