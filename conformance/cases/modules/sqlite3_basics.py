# sqlite3: connections, cursors, parameters, rows, transactions.
import sqlite3

con = sqlite3.connect(":memory:")
print(type(con).__name__, type(con).__module__)
cur = con.cursor()
print(cur.rowcount, cur.lastrowid, cur.description, cur.arraysize)
cur.execute("create table t (id integer primary key, name text, score real, data blob)")
print("create", cur.rowcount, cur.description)
cur.execute("insert into t (name, score, data) values (?, ?, ?)", ("ann", 1.5, b"\x00\x01"))
print("insert", cur.rowcount, cur.lastrowid)
cur.executemany("insert into t (name, score) values (?, ?)", [("bob", 2), ("cy", None)])
print("executemany list", cur.rowcount, cur.lastrowid)
cur.executemany("insert into t (name) values (?)", ((n,) for n in ["dee", "eve", "fay"]))
print("executemany generator", cur.rowcount)
cur.execute("insert into t (name, score) values (:n, :s)", {"n": "gus", "s": 7})
print("named", cur.rowcount, cur.lastrowid)


class Mapping(dict):
    def __getitem__(self, key):
        return {"n": "hal", "s": 8.25}[key]


cur.execute("insert into t (name, score) values (:n, :s)", Mapping())
print("mapping", cur.lastrowid)
cur.execute("select :a, ?2, ?1", (10, 20))
print("mixed", cur.fetchall())

cur.execute("select id, name, score, data from t order by id")
print(cur.description)
print(cur.rowcount)
print(cur.fetchone())
print(cur.fetchmany())
print(cur.fetchmany(2))
cur.arraysize = 3
print(cur.fetchmany())
print(cur.fetchall())
print(cur.fetchone(), cur.fetchall())

for row in con.execute("select name, typeof(score) from t where id < 4"):
    print("iter", row)

print(con.execute("select count(*), sum(score), max(name) from t").fetchone())
print(con.execute("select 1 where 0").fetchall(), con.execute("select 1 where 0").description)
print(con.execute("").fetchall(), con.execute("  -- only a comment").fetchall())
print(con.execute("select ?, ?, ?, ?, ?", (None, 2**62, -1.0, "é\u20ac", bytearray(b"xy"))).fetchone())
print(con.execute("select ?", (memoryview(b"mv"),)).fetchone())
print(con.execute("select ?", (True,)).fetchone())
print(con.execute("select x'00ff', 1e300 * 1e10, -0.0").fetchone())

# rowcount of UPDATE/DELETE, with a leading comment
cur.execute("/* c */ update t set score = 0 where score is null")
print("update", cur.rowcount)
cur.execute("-- c\n delete from t where id > 6")
print("delete", cur.rowcount)
print("total_changes", con.total_changes)

# Row factory
con.row_factory = sqlite3.Row
r = con.execute("select 1 as a, 'two' as B, 3").fetchone()
print(type(r).__name__, len(r), r.keys(), tuple(r), r[0], r["a"], r["b"], r["B"], r[-1], r[1:])
r2 = con.execute("select 1 as a, 'two' as B, 3").fetchone()
print(r == r2, r != r2, hash(r) == hash(r2), r == (1, "two", 3))
for key in ("zz", 5, 1.5):
    try:
        r[key]
    except Exception as e:
        print(type(e).__name__, e)
con.row_factory = lambda cursor, row: {d[0]: v for d, v in zip(cursor.description, row)}
print(con.execute("select 1 as x, 2 as y").fetchone())
con.row_factory = None

# text_factory
con.text_factory = bytes
print(con.execute("select 'abc', 1").fetchone())
con.text_factory = lambda b: b.decode().upper()
print(con.execute("select 'abc', x'61'").fetchone())
con.text_factory = str

# Transactions
print("in_transaction", con.in_transaction, repr(con.isolation_level))
con.execute("insert into t (name) values ('tx')")
print("after insert", con.in_transaction)
con.rollback()
print("after rollback", con.in_transaction, con.execute("select count(*) from t where name='tx'").fetchone())
con.execute("insert into t (name) values ('tx')")
con.commit()
print("after commit", con.in_transaction, con.execute("select count(*) from t where name='tx'").fetchone())
with con:
    con.execute("insert into t (name) values ('with')")
print("with commit", con.execute("select count(*) from t where name='with'").fetchone())
try:
    with con:
        con.execute("insert into t (name) values ('with2')")
        raise KeyError("boom")
except KeyError as e:
    print("with rollback", repr(e), con.execute("select count(*) from t where name='with2'").fetchone())
con.isolation_level = "immediate"
print(repr(con.isolation_level))
con.isolation_level = None
print(repr(con.isolation_level), con.in_transaction)
con.execute("insert into t (name) values ('auto')")
print("autocommit", con.in_transaction)
con.execute("begin")
print("explicit begin", con.in_transaction)
con.execute("commit")

# executescript commits first and runs every statement
con.isolation_level = ""
con.execute("insert into t (name) values ('pending')")
cur = con.cursor()
print(cur.executescript("""
    create table u (a);
    insert into u values (1);
    insert into u values (2); -- trailing comment
""") is cur, con.in_transaction)
print(con.execute("select * from u").fetchall())

print(list(con.iterdump())[:4])

# Two cursors over the same statement text
c1 = con.execute("select a from u order by a")
c2 = con.execute("select a from u order by a")
print(c1.fetchone(), c2.fetchone(), c1.fetchone(), c2.fetchall(), c1.fetchall())

# Statement objects, limits
print(type(con("select 1")).__name__)
print(con.getlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH) > 1000)
old = con.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 20)
try:
    con.execute("select 1 as 'a long column name'")
except sqlite3.DataError as e:
    print("DataError", e)
con.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, old)

print(sqlite3.complete_statement("select 1;"), sqlite3.complete_statement("select 1"))
print(sqlite3.paramstyle, sqlite3.apilevel, sqlite3.threadsafety, sqlite3.version_info >= (2, 6))
print(sqlite3.PARSE_DECLTYPES, sqlite3.PARSE_COLNAMES, sqlite3.SQLITE_OK, sqlite3.SQLITE_DENY, sqlite3.SQLITE_IGNORE)
print(sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, sqlite3.SQLITE_CREATE_TABLE)
con.close()
con.close()
print("closed")
