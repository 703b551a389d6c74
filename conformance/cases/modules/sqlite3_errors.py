# sqlite3: the exceptions CPython raises, with their messages and codes.
import sqlite3

con = sqlite3.connect(":memory:")
con.execute("create table t (a unique, b not null default 0)")


def attempt(label, f):
    try:
        r = f()
    except Exception as e:
        extra = ""
        if isinstance(e, sqlite3.Error):
            extra = " [%s %s]" % (getattr(e, "sqlite_errorcode", None),
                                 getattr(e, "sqlite_errorname", None))
        print(label, "->", type(e).__name__ + ":", e, extra)
    else:
        print(label, "-> ok", r if not isinstance(r, sqlite3.Cursor) else "cursor")


print([c.__name__ for c in sqlite3.Error.__mro__])
print(issubclass(sqlite3.IntegrityError, sqlite3.DatabaseError),
      issubclass(sqlite3.InterfaceError, sqlite3.Error),
      issubclass(sqlite3.Warning, Exception), sqlite3.Connection.Error is sqlite3.Error)

attempt("unsupported type", lambda: con.execute("select ?", (object(),)))
attempt("int too large", lambda: con.execute("select ?", (2**63,)))
attempt("too many bindings", lambda: con.execute("select ?", (1, 2)))
attempt("too few bindings", lambda: con.execute("select ?, ?", (1,)))
attempt("missing name", lambda: con.execute("select :a", {"b": 1}))
attempt("nameless with dict", lambda: con.execute("select ?", {"a": 1}))
attempt("bad parameters", lambda: con.execute("select ?", 1))
attempt("two statements", lambda: con.execute("select 1; select 2"))
attempt("syntax", lambda: con.execute("selec 1"))
attempt("null char", lambda: con.execute("select 1\0"))
attempt("sql not str", lambda: con.execute(42))
attempt("executemany select", lambda: con.executemany("select ?", [(1,)]))
attempt("executemany not iterable", lambda: con.executemany("insert into t values (?, 1)", 5))
attempt("executescript not str", lambda: con.executescript(5))
attempt("no table", lambda: con.execute("select * from nosuch"))
attempt("insert", lambda: con.execute("insert into t (a) values (1)"))
attempt("unique", lambda: con.execute("insert into t (a) values (1)"))
attempt("not null", lambda: con.execute("insert into t (a, b) values (2, null)"))
attempt("cursor factory", lambda: con.cursor(lambda c: 5))
attempt("cursor factory None", lambda: con.cursor(None))
attempt("Cursor(5)", lambda: sqlite3.Cursor(5))
attempt("Row(1, 2)", lambda: sqlite3.Row(1, 2))
attempt("Row(cur, list)", lambda: sqlite3.Row(con.cursor(), [1]))
attempt("collation not callable", lambda: con.create_collation("x", 5))
attempt("function narg", lambda: con.create_function("f", -2, lambda: 1))
attempt("limit category", lambda: con.getlimit(99))
attempt("isolation 5", lambda: setattr(con, "isolation_level", 5))
attempt("isolation foo", lambda: setattr(con, "isolation_level", "foo"))
attempt("isolation del", lambda: delattr(con, "isolation_level"))
attempt("register_converter", lambda: sqlite3.register_converter(5, str))
attempt("adapt", lambda: sqlite3.adapt(object()))
attempt("backup self", lambda: con.backup(con))
attempt("backup target", lambda: con.backup(5))
attempt("blob no table", lambda: con.blobopen("nosuch", "a", 1))
attempt("decode", lambda: con.execute("select 'x' || ? || 'y' as col", (b"\xfa",)).fetchone())


class Uninit(sqlite3.Connection):
    def __init__(self, *a):
        pass


class UninitCursor(sqlite3.Cursor):
    def __init__(self, *a):
        pass


attempt("uninit connection", lambda: Uninit(":memory:").execute("select 1"))
attempt("uninit cursor", lambda: UninitCursor(con).execute("select 1"))
attempt("uninit cursor close", lambda: UninitCursor(con).close())

# Recursive use of a cursor from a converter
cur = con.cursor()
sqlite3.converters["AGAIN"] = lambda b: cur.fetchone()
con2 = sqlite3.connect(":memory:", detect_types=sqlite3.PARSE_COLNAMES)
cur = con2.cursor()
cur.execute('select 1 as "x [AGAIN]" union all select 2')
attempt("recursive", cur.fetchall)
del sqlite3.converters["AGAIN"]

cur = con.cursor()
cur.execute("select 1")
cur.close()
attempt("closed cursor", cur.fetchone)
attempt("closed cursor execute", lambda: cur.execute("select 1"))
con.close()
attempt("closed execute", lambda: con.execute("select 1"))
attempt("closed cursor()", con.cursor)
attempt("closed commit", con.commit)
attempt("closed in_transaction", lambda: con.in_transaction)
attempt("closed total_changes", lambda: con.total_changes)
attempt("open directory", lambda: sqlite3.connect("/nonexistent-dir/x.db"))
attempt("bad timeout", lambda: sqlite3.connect(":memory:", timeout="x"))
