# sqlite3: a window aggregate's state is alive between rows; a cursor
# dropped (or re-executed, or closed) there finalizes or resets its
# statement, also from inside a function SQLite is calling.
import gc
import sqlite3

con = sqlite3.connect(":memory:")
con.execute("create table t (x)")
con.executemany("insert into t values (?)", [(i,) for i in range(1, 6)])


class Running:
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


con.create_window_function("running", 1, Running)
QUERY = "select x, running(x) over (order by x rows between 1 preceding and current row) from t"

cur = con.execute(QUERY)
print(cur.fetchone())
del cur
gc.collect()
cur = con.execute(QUERY)
print(cur.fetchone(), cur.fetchone())
cur.execute("select 1")
print(cur.fetchall())
cur = con.execute(QUERY)
print(cur.fetchmany(3))
cur.close()


def inner(v):
    c = con.execute(QUERY)
    first = c.fetchone()
    del c
    return first[1] + v


con.create_function("inner_window", 1, inner)
print(con.execute("select inner_window(x) from t").fetchall())
print(con.execute(QUERY).fetchall())
con.close()
