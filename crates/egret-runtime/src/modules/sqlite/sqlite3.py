# egret's _sqlite3: the DB-API classes of CPython's C module (Connection,
# Cursor, Row, the exceptions, adapters and converters) over the native
# primitives of mod.rs (_open, _prepare, _bind, _step, _row, ...), which
# hold SQLite's handles. Run once in the module's namespace at first import.

from _thread import get_ident as _get_ident
from _weakref import ref as _weakref
from _operator import index as _index

version = "2.6.0"
threadsafety = {0: 0, 1: 3, 2: 1}.get(_threadsafe, 0)
PARSE_DECLTYPES = 1
PARSE_COLNAMES = 2

adapters = {}
converters = {}
_callback_tracebacks = False
# Whether an adapter was registered for int, float, str or bytearray (then
# every parameter goes through adapt, as in CPython).
_base_adapted = False
_missing = object()


class Warning(Exception):
    __module__ = "sqlite3"


class Error(Exception):
    __module__ = "sqlite3"


class InterfaceError(Error):
    __module__ = "sqlite3"


class DatabaseError(Error):
    __module__ = "sqlite3"


class InternalError(DatabaseError):
    __module__ = "sqlite3"


class OperationalError(DatabaseError):
    __module__ = "sqlite3"


class ProgrammingError(DatabaseError):
    __module__ = "sqlite3"


class IntegrityError(DatabaseError):
    __module__ = "sqlite3"


class DataError(DatabaseError):
    __module__ = "sqlite3"


class NotSupportedError(DatabaseError):
    __module__ = "sqlite3"


class PrepareProtocol:
    __module__ = "sqlite3"

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError("PrepareProtocol() takes no arguments")


def _type_name(obj):
    return type(obj).__name__


def _as_double(v):
    # A C double argument, as CPython's argument parser converts it.
    if isinstance(v, float):
        return v
    t = type(v)
    if hasattr(t, "__float__") or hasattr(t, "__index__"):
        return float(v)
    raise TypeError("must be real number, not " + _type_name(v))


def register_adapter(type, adapter, /):
    global _base_adapted
    if type is int or type is float or type is str or type is bytearray:
        _base_adapted = True
    adapters[(type, PrepareProtocol)] = adapter


def register_converter(typename, converter, /):
    if not isinstance(typename, str):
        raise TypeError("register_converter() argument 1 must be str, not "
                        + _type_name(typename))
    converters[typename.upper()] = converter


def adapt(obj, proto=PrepareProtocol, alt=_missing, /):
    adapter = adapters.get((type(obj), proto))
    if adapter is not None:
        return adapter(obj)
    try:
        meth = proto.__adapt__
    except AttributeError:
        pass
    else:
        try:
            r = meth(obj)
        except TypeError:
            pass
        else:
            if r is not None:
                return r
    try:
        meth = obj.__conform__
    except AttributeError:
        pass
    else:
        try:
            r = meth(proto)
        except TypeError:
            pass
        else:
            if r is not None:
                return r
    if alt is not _missing:
        return alt
    raise ProgrammingError("can't adapt")


def complete_statement(statement):
    if not isinstance(statement, str):
        raise TypeError("complete_statement() argument 'statement' must be "
                        "str, not " + _type_name(statement))
    return _complete(statement)


def enable_callback_tracebacks(enable, /):
    global _callback_tracebacks
    _callback_tracebacks = bool(int(enable))


def enable_shared_cache(do_enable):
    _shared_cache(do_enable)


def connect(*args, **kwargs):
    # The arguments go to the factory as given (gh-95132).
    if len(args) > 5:
        factory = args[5]
    else:
        factory = kwargs.get("factory", Connection)
    return factory(*args, **kwargs)


_LEVELS = ("", "DEFERRED", "IMMEDIATE", "EXCLUSIVE")


def _isolation_level(value):
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("isolation_level must be str or None")
    up = str.upper(value)
    if up in _LEVELS and str.isascii(value):
        return up
    raise ValueError("isolation_level string must be '', 'DEFERRED', "
                     "'IMMEDIATE', or 'EXCLUSIVE'")


def _sql_start(sql):
    # Where the first token of `sql` starts, past whitespace and comments
    # (len(sql) when there is none).
    i = 0
    n = len(sql)
    while i < n:
        c = sql[i]
        if c in " \t\f\n\r":
            i += 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            if j < 0:
                return n
            i = j + 1
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            if j < 0:
                return n
            i = j + 2
        else:
            return i
    return n


def _check_length(db, sql):
    n = len(sql) if sql.isascii() else len(sql.encode("utf-8", "surrogatepass"))
    if n > _limit(db, SQLITE_LIMIT_SQL_LENGTH, -1):
        raise DataError("query string is too large")


class Statement:
    __module__ = "sqlite3"
    __slots__ = ("st", "is_dml", "names", "sql", "db", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError("cannot create 'sqlite3.Statement' instances")


def _new_statement(con, sql):
    db = con._db
    _check_length(db, sql)
    if "\0" in sql:
        raise ProgrammingError("the query contains a null character")
    st, tail = _prepare(db, sql)
    if tail and _sql_start(tail) < len(tail):
        if st is not None:
            _finalize(st)
        raise ProgrammingError("You can only execute one statement at a time.")
    s = object.__new__(Statement)
    s.st = st
    s.sql = sql
    s.db = db
    start = _sql_start(sql)
    head = sql[start:start + 7].lower()
    s.is_dml = (head.startswith("insert") or head.startswith("update")
                or head.startswith("delete") or head.startswith("replace"))
    s.names = _params(st) if st is not None else ()
    return s


# Connection and Cursor keep their state in slots: a slot never set means
# the base class's __init__ was not called.

def _not_initialized(con):
    raise ProgrammingError("Base Connection.__init__ not called.")


def _check_thread(con):
    try:
        check = con._check_same_thread
    except AttributeError:
        return
    if check and con._thread_ident != _get_ident():
        raise ProgrammingError(
            "SQLite objects created in a thread can only be used in that "
            "same thread. The object was created in thread id %d and this "
            "is thread id %d." % (con._thread_ident, _get_ident()))


def _check_connection(con):
    try:
        db = con._db
    except AttributeError:
        _not_initialized(con)
    if db is None:
        raise ProgrammingError("Cannot operate on a closed database.")


def _check(con):
    try:
        db = con._db
    except AttributeError:
        _not_initialized(con)
    if con._check_same_thread and con._thread_ident != _get_ident():
        _check_thread(con)
    if db is None:
        raise ProgrammingError("Cannot operate on a closed database.")


class Connection:
    __module__ = "sqlite3"

    # The exception classes, readable on a connection (as CPython's
    # getters: on the class they are descriptors).
    Warning = property(lambda self: Warning)
    Error = property(lambda self: Error)
    InterfaceError = property(lambda self: InterfaceError)
    DatabaseError = property(lambda self: DatabaseError)
    InternalError = property(lambda self: InternalError)
    OperationalError = property(lambda self: OperationalError)
    ProgrammingError = property(lambda self: ProgrammingError)
    IntegrityError = property(lambda self: IntegrityError)
    DataError = property(lambda self: DataError)
    NotSupportedError = property(lambda self: NotSupportedError)

    __slots__ = ("_db", "_level", "_detect_types", "_check_same_thread",
                 "_thread_ident", "_cache", "_cache_size", "_blobs",
                 "row_factory", "text_factory", "__weakref__")

    def __init__(self, database, timeout=5.0, detect_types=0,
                 isolation_level="", check_same_thread=True, factory=None,
                 cached_statements=128, uri=False):
        import os
        import sys
        path = os.fsdecode(os.fsencode(database))
        timeout = _as_double(timeout)
        detect_types = int(detect_types)
        cached_statements = int(cached_statements)
        check_same_thread = bool(check_same_thread)
        uri = bool(uri)
        sys.audit("sqlite3.connect", database)
        if hasattr(self, "_db"):
            # Re-initialized: uninitialized until the new database opens.
            self._close_db()
            del self._db
        db = _open(path, 0x6, uri, int(timeout * 1000))
        level = _isolation_level(isolation_level)
        self._db = db
        self._level = level
        self._detect_types = detect_types
        self._check_same_thread = check_same_thread
        self._thread_ident = _get_ident()
        self._cache = {}
        self._cache_size = cached_statements
        self._blobs = None
        self.row_factory = None
        self.text_factory = str
        sys.audit("sqlite3.connect/handle", self)

    def _close_db(self):
        db = self._db
        if db is not None:
            blobs = self._blobs
            if blobs:
                self._blobs = None
                for r in blobs:
                    b = r()
                    if b is not None:
                        b._close()
            self._cache = {}
            _close(db)
            self._db = None

    # The statement cache holds idle prepared statements: a statement
    # leaves it while a cursor is on one of its rows (so no other cursor
    # resets it, and a cursor dropped there finalizes it, releasing its
    # locks) and comes back when done (_release).

    def _release(self, stmt):
        if stmt.st is None or stmt.db is not self._db:
            return
        size = self._cache_size
        cache = self._cache
        if size <= 0 or stmt.sql in cache:
            return
        if len(cache) >= size:
            del cache[next(iter(cache))]
        cache[stmt.sql] = stmt

    def __call__(self, *args, **kwargs):
        _check(self)
        if kwargs:
            raise TypeError("sqlite3.Connection() takes no keyword arguments")
        if len(args) != 1:
            raise TypeError("function takes exactly 1 argument (%d given)"
                            % len(args))
        sql = args[0]
        if not isinstance(sql, str):
            raise TypeError("argument 1 must be str, not " + _type_name(sql))
        return _new_statement(self, sql)

    @property
    def isolation_level(self):
        _check_connection(self)
        return self._level

    @isolation_level.setter
    def isolation_level(self, value):
        _check_connection(self)
        if value is None:
            self._level = None
            self.commit()
            return
        self._level = _isolation_level(value)

    @isolation_level.deleter
    def isolation_level(self):
        raise AttributeError("cannot delete attribute")

    @property
    def in_transaction(self):
        _check_connection(self)
        return not _autocommit(self._db)

    @property
    def total_changes(self):
        _check_connection(self)
        return _total_changes(self._db)

    def cursor(self, factory=_missing):
        _check(self)
        if factory is _missing:
            cursor = _new_cursor(self)
        else:
            cursor = factory(self)
            # (The type itself, as the C module checks it: an object that
            # claims another __class__ does not pass.)
            if not issubclass(type(cursor), Cursor):
                raise TypeError("factory must return a cursor, not "
                                + _type_name(cursor))
            _check_connection(self)
        rf = self.row_factory
        if rf is not None:
            cursor.row_factory = rf
        return cursor

    def close(self):
        _check_thread(self)
        if not hasattr(self, "_db"):
            _not_initialized(self)
        self._close_db()

    def _run(self, sql):
        st, tail = _prepare(self._db, sql)
        try:
            while _step(st):
                pass
        finally:
            _finalize(st)

    def _begin_transaction(self):
        self._run("BEGIN " + self._level)

    def commit(self):
        _check(self)
        if not _autocommit(self._db):
            self._run("COMMIT")

    def rollback(self):
        _check(self)
        if not _autocommit(self._db):
            self._run("ROLLBACK")

    def execute(self, sql, parameters=_missing, /):
        cur = self.cursor()
        if parameters is _missing:
            return cur.execute(sql)
        return cur.execute(sql, parameters)

    def executemany(self, sql, parameters, /):
        cur = self.cursor()
        return cur.executemany(sql, parameters)

    def executescript(self, sql_script, /):
        cur = self.cursor()
        return cur.executescript(sql_script)

    def create_function(self, name, narg, func, *, deterministic=False):
        _check(self)
        if not isinstance(name, str):
            raise TypeError("create_function() argument 'name' must be str, "
                            "not " + _type_name(name))
        narg = int(narg)
        flags = 0x800 if deterministic else 0
        rc = _create_function(self._db, name, narg, func, 0, flags)
        if rc != SQLITE_OK:
            raise OperationalError("Error creating function")

    def create_aggregate(self, name, n_arg, aggregate_class):
        _check(self)
        if not isinstance(name, str):
            raise TypeError("create_aggregate() argument 'name' must be str, "
                            "not " + _type_name(name))
        rc = _create_function(self._db, name, int(n_arg), aggregate_class,
                              1, 0)
        if rc != SQLITE_OK:
            raise OperationalError("Error creating aggregate")

    def create_window_function(self, name, num_params, aggregate_class, /):
        _check(self)
        if not isinstance(name, str):
            raise TypeError("create_window_function() argument 1 must be "
                            "str, not " + _type_name(name))
        rc = _create_function(self._db, name, int(num_params),
                              aggregate_class, 2, 0)
        if rc != SQLITE_OK:
            raise ProgrammingError(_errstr(rc))

    def create_collation(self, name, callback, /):
        _check(self)
        if not isinstance(name, str):
            raise TypeError("create_collation() argument 1 must be str, not "
                            + _type_name(name))
        if callback is not None and not callable(callback):
            raise TypeError("parameter must be callable")
        _create_collation(self._db, name, callback)

    def set_authorizer(self, authorizer_callback):
        _check(self)
        _set_hook(self._db, 0, authorizer_callback, 0)

    def set_progress_handler(self, progress_handler, n):
        _check(self)
        _set_hook(self._db, 1, progress_handler, int(n))

    def set_trace_callback(self, trace_callback):
        _check(self)
        _set_hook(self._db, 2, trace_callback, 0)

    def interrupt(self):
        _check_connection(self)
        _interrupt(self._db)

    def getlimit(self, category, /):
        _check(self)
        return _limit(self._db, category, -1)

    def setlimit(self, category, limit, /):
        _check(self)
        return _limit(self._db, category, limit)

    def iterdump(self):
        _check(self)
        from sqlite3.dump import _iterdump
        return _iterdump(self)

    def serialize(self, *, name="main"):
        _check(self)
        return _serialize(self._db, name)

    def deserialize(self, data, /, *, name="main"):
        _check(self)
        _deserialize(self._db, data, name)

    def backup(self, target, *, pages=-1, progress=None, name="main",
               sleep=0.250):
        _check(self)
        if not issubclass(type(target), Connection):
            raise TypeError("backup() argument 'target' must be sqlite3.Connection, "
                            "not " + _type_name(target))
        if target is self:
            raise ValueError("target cannot be the same connection instance")
        _check_connection(target)
        if progress is not None and not callable(progress):
            raise TypeError("progress argument must be a callable")
        pages = int(pages)
        if pages == 0:
            pages = -1
        sleep_ms = int(float(sleep) * 1000.0)
        if not _autocommit(target._db):
            raise OperationalError("target is in transaction")
        b = _backup_init(self._db, target._db, name)
        try:
            while True:
                rc, remaining, count = _backup_step(b, pages)
                if progress is not None:
                    progress(rc, remaining, count)
                if rc == SQLITE_BUSY or rc == SQLITE_LOCKED:
                    _sleep(sleep_ms)
                if rc != SQLITE_OK and rc != SQLITE_BUSY and rc != SQLITE_LOCKED:
                    break
        except BaseException:
            try:
                _backup_finish(b)
            except Exception:
                pass
            raise
        _backup_finish(b)

    def blobopen(self, table, column, row, /, *, readonly=False,
                 name="main"):
        _check(self)
        h = _blob_open(self._db, table, column, row, readonly, name)
        blob = object.__new__(Blob)
        blob._h = h
        blob._con = self
        blob._offset = 0
        blobs = self._blobs
        if blobs is None:
            blobs = self._blobs = []
        else:
            blobs[:] = [r for r in blobs if r() is not None]
        blobs.append(_weakref(blob))
        return blob

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback, /):
        if exc_type is None and exc_value is None and traceback is None:
            try:
                self.commit()
            except BaseException:
                self.rollback()
                raise
        else:
            self.rollback()
        return False


def _column_name(con, name):
    if name is None or not (con._detect_types & PARSE_COLNAMES):
        return name
    i = name.find("[")
    if i < 0:
        return name
    if i > 0 and name[i - 1] == " ":
        i -= 1
    return name[:i]


def _converter(name):
    return converters.get(name.upper())


def _cast_map(con, cols):
    detect = con._detect_types
    casts = []
    found = False
    for colname, decl in cols:
        conv = None
        if detect & PARSE_COLNAMES and colname is not None:
            start = colname.find("[")
            if start >= 0:
                end = colname.find("]", start + 1)
                if end >= 0:
                    conv = _converter(colname[start + 1:end])
        if conv is None and detect & PARSE_DECLTYPES and decl is not None:
            end = len(decl)
            for i, c in enumerate(decl):
                if c == " " or c == "(":
                    end = i
                    break
            conv = _converter(decl[:end])
        if conv is not None:
            found = True
        casts.append(conv)
    return casts if found else None


def _is_sequence(obj):
    if isinstance(obj, dict):
        return False
    return hasattr(type(obj), "__getitem__")


class Cursor:
    __module__ = "sqlite3"

    __slots__ = ("_connection", "_stmt", "_casts", "_description",
                 "_rowcount", "_lastrowid", "_closed", "_locked", "arraysize",
                 "row_factory", "__weakref__")

    def __init__(self, connection, /):
        if getattr(self, "_locked", False):
            raise ProgrammingError("Recursive use of cursors not allowed.")
        if not issubclass(type(connection), Connection):
            raise TypeError("Cursor() argument 1 must be sqlite3.Connection, "
                            "not " + _type_name(connection))
        self._connection = connection
        self._stmt = None
        self._casts = None
        self._description = None
        self._rowcount = -1
        self._lastrowid = None
        self.arraysize = 1
        self.row_factory = None
        self._closed = False
        self._locked = False

    @property
    def connection(self):
        return getattr(self, "_connection", None)

    @property
    def description(self):
        return getattr(self, "_description", None)

    @property
    def rowcount(self):
        return getattr(self, "_rowcount", -1)

    @property
    def lastrowid(self):
        return getattr(self, "_lastrowid", None)

    def _check(self):
        try:
            closed = self._closed
        except AttributeError:
            raise ProgrammingError("Base Cursor.__init__ not called.") from None
        if closed:
            raise ProgrammingError("Cannot operate on a closed cursor.")
        if self._locked:
            raise ProgrammingError("Recursive use of cursors not allowed.")
        _check(self._connection)

    def _run(self, stmt, params):
        # Binds `params` and steps once: (row ready, columns, changes,
        # rowid); None when the statement is in use, False when it is
        # empty (nothing to run).
        tp = type(params)
        if tp is tuple or tp is list or (tp is not dict and _is_sequence(params)):
            if tp is tuple or tp is list:
                values = params
            else:
                values = [params[i] for i in range(len(params))]
            if stmt.st is not None:
                return _run(stmt.st, values, False, stmt.is_dml)
            if values:
                raise ProgrammingError(
                    "Incorrect number of bindings supplied. The current "
                    "statement uses 0, and there are %d supplied."
                    % len(values))
        elif isinstance(params, dict):
            values = []
            base = _base_adapted
            for i, name in enumerate(stmt.names):
                if name is None:
                    raise ProgrammingError(
                        "Binding %d has no name, but you supplied a "
                        "dictionary (which has only names)." % (i + 1))
                key = name[1:]
                try:
                    v = params[key]
                except LookupError:
                    raise ProgrammingError(
                        "You did not supply a value for binding parameter "
                        ":%s." % key) from None
                t = type(v)
                if base or not (t is int or t is float or t is str or t is bytearray):
                    v = adapt(v, PrepareProtocol, v)
                values.append(v)
            if stmt.st is not None:
                return _run(stmt.st, values, True, stmt.is_dml)
        else:
            raise ProgrammingError("parameters are of unsupported type")
        # An empty statement: nothing to run.
        return False

    def _execute(self, sql, params_iter, multiple):
        con = self._connection
        old = self._stmt
        if old is not None:
            self._stmt = None
            if old.st is not None:
                _reset(old.st)
                con._release(old)
        self._description = None
        self._rowcount = -1
        self._locked = True
        ok = False
        more = False
        cache = con._cache
        try:
            # A statement in the cache is idle: it leaves the cache while a
            # cursor is on one of its rows (see _release).
            stmt = cache.get(sql)
            cached = stmt is not None
            if not cached:
                stmt = _new_statement(con, sql)
            self._stmt = stmt
            st = stmt.st
            is_dml = stmt.is_dml
            if multiple and not is_dml:
                raise ProgrammingError(
                    "executemany() can only execute DML statements.")
            if is_dml:
                self._rowcount = 0
                if con._level is not None and _autocommit(con._db):
                    con._begin_transaction()
            detect = con._detect_types
            self._casts = None
            rowid = None
            for params in params_iter:
                tp = type(params)
                if st is not None and (tp is tuple or tp is list):
                    r = _run(st, params, False, is_dml)
                else:
                    r = self._run(stmt, params)
                    if r is False:
                        continue
                if r is None:
                    # In use (a callback runs this statement's SQL while it
                    # steps): a statement of its own for this execution.
                    stmt = _new_statement(con, sql)
                    cached = False
                    self._stmt = stmt
                    st = stmt.st
                    r = self._run(stmt, params)
                more, ncols, changes, rowid = r
                cols = None
                if detect:
                    cols = _columns(st)
                    self._casts = _cast_map(con, cols)
                if ncols and self._description is None:
                    if cols is None:
                        cols = _columns(st)
                    self._description = tuple(
                        (_column_name(con, c[0]), None, None, None, None,
                         None, None) for c in cols)
                if not more and is_dml:
                    self._rowcount += changes
            if not multiple:
                self._lastrowid = _lastrowid(con._db) if rowid is None else rowid
            ok = True
        finally:
            self._locked = False
            if not ok:
                stmt = self._stmt
                if stmt is not None:
                    self._stmt = None
                    if stmt.st is not None:
                        _reset(stmt.st)
                        if not cached:
                            con._release(stmt)
                self._rowcount = -1
        if not more:
            # Done (not on a row): the statement is idle.
            self._stmt = None
            if not cached:
                con._release(stmt)
        elif cached:
            del cache[sql]
        return self

    def execute(self, sql, parameters=(), /):
        try:
            if self._closed or self._locked:
                self._check()
        except AttributeError:
            self._check()
        con = self._connection
        try:
            db = con._db
        except AttributeError:
            _not_initialized(con)
        if db is None or (con._check_same_thread
                          and con._thread_ident != _get_ident()):
            _check(con)
        if type(sql) is not str and not isinstance(sql, str):
            raise TypeError("execute() argument 1 must be str, not "
                            + _type_name(sql))
        return self._execute(sql, (parameters,), False)

    def executemany(self, sql, seq_of_parameters, /):
        self._check()
        if not isinstance(sql, str):
            raise TypeError("executemany() argument 1 must be str, not "
                            + _type_name(sql))
        return self._execute(sql, iter(seq_of_parameters), True)

    def executescript(self, sql_script, /):
        self._check()
        if not isinstance(sql_script, str):
            raise TypeError("executescript() argument must be str, not "
                            + _type_name(sql_script))
        if "\0" in sql_script:
            raise ValueError("embedded null character")
        con = self._connection
        db = con._db
        _check_length(db, sql_script)
        con.commit()
        rest = sql_script
        self._locked = True
        try:
            while True:
                st, rest = _prepare(db, rest)
                if st is not None:
                    try:
                        while _step(st):
                            pass
                    finally:
                        _finalize(st)
                if not rest:
                    break
        finally:
            self._locked = False
        return self

    def _next(self):
        stmt = self._stmt
        if stmt is None:
            return None
        st = stmt.st
        con = self._connection
        factory = con.text_factory
        casts = self._casts
        if factory is str and casts is None:
            row = _row(st, None)
        else:
            # Python code runs while the row is built (a text factory, the
            # converters): the cursor is in use meanwhile.
            self._locked = True
            try:
                row = _row(st, None if factory is str else factory)
                if row is not None and casts is not None:
                    row = list(row)
                    for i, conv in enumerate(casts):
                        if conv is not None:
                            b = _column_bytes(st, i)
                            row[i] = None if b is None else conv(b)
                    row = tuple(row)
            finally:
                self._locked = False
        if row is None:
            _reset(st)
            self._stmt = None
            con._release(stmt)
            return None
        more, ncols, changes, rowid = _step1(st, stmt.is_dml)
        if not more:
            if stmt.is_dml:
                self._rowcount = changes
            # Done: the statement (reset) is let go (gh-94028).
            self._stmt = None
            con._release(stmt)
        rf = self.row_factory
        if rf is not None:
            row = rf(self, row)
        return row

    def __iter__(self):
        return self

    def __next__(self):
        self._check()
        row = self._next()
        if row is None:
            raise StopIteration
        return row

    def fetchone(self):
        self._check()
        return self._next()

    def fetchmany(self, size=None):
        self._check()
        if size is None:
            size = self.arraysize
        size = int(size)
        rows = []
        n = 0
        while True:
            row = self._next()
            if row is None:
                break
            rows.append(row)
            n += 1
            if n == size:
                break
        return rows

    def fetchall(self):
        self._check()
        rows = []
        while True:
            row = self._next()
            if row is None:
                break
            rows.append(row)
        return rows

    def close(self):
        if not hasattr(self, "_closed"):
            raise ProgrammingError("Base Cursor.__init__ not called.")
        if self._locked:
            raise ProgrammingError("Recursive use of cursors not allowed.")
        con = self._connection
        _check(con)
        stmt = self._stmt
        if stmt is not None:
            self._stmt = None
            if stmt.st is not None:
                _reset(stmt.st)
                con._release(stmt)
        self._closed = True

    def setinputsizes(self, sizes, /):
        pass

    def setoutputsize(self, size, column=None, /):
        pass


def _new_cursor(con):
    # Cursor(con), for the connection's own cursor(): the state
    # Cursor.__init__ gives, without its checks.
    cur = object.__new__(Cursor)
    cur._connection = con
    cur._stmt = None
    cur._casts = None
    cur._description = None
    cur._rowcount = -1
    cur._lastrowid = None
    cur.arraysize = 1
    cur.row_factory = None
    cur._closed = False
    cur._locked = False
    return cur


class Row:
    __module__ = "sqlite3"
    __slots__ = ("_data", "_description")

    def __new__(cls, cursor, data, /):
        if not issubclass(type(cursor), Cursor):
            raise TypeError("Row() argument 1 must be sqlite3.Cursor, not "
                            + _type_name(cursor))
        if not isinstance(data, tuple):
            raise TypeError("Row() argument 2 must be tuple, not "
                            + _type_name(data))
        self = object.__new__(cls)
        self._data = data
        self._description = cursor.description
        return self

    def keys(self):
        d = self._description
        if d is None:
            return []
        return [c[0] for c in d]

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    def __getitem__(self, key):
        data = self._data
        if isinstance(key, int):
            return data[key]
        if isinstance(key, str):
            d = self._description
            if d is not None:
                low = key.lower() if key.isascii() else None
                for i, c in enumerate(d):
                    name = c[0]
                    if name == key or (low is not None and name.isascii()
                                       and name.lower() == low):
                        return data[i]
            raise IndexError("No item with that key")
        if isinstance(key, slice):
            return data[key]
        raise IndexError("Index must be int or string")

    def __hash__(self):
        return hash(self._description) ^ hash(self._data)

    def __eq__(self, other):
        if not isinstance(other, Row):
            return NotImplemented
        return (self._description == other._description
                and self._data == other._data)

    def __ne__(self, other):
        if not isinstance(other, Row):
            return NotImplemented
        return not (self._description == other._description
                    and self._data == other._data)


class Blob:
    __module__ = "sqlite3"

    _h = None
    _con = None
    _offset = 0

    def __init__(self, *args, **kwargs):
        raise TypeError("cannot create 'sqlite3.Blob' instances")

    def _check(self):
        _check(self._con)
        if self._h is None:
            raise ProgrammingError("Cannot operate on a closed blob.")

    def _close(self):
        h = self._h
        if h is not None:
            self._h = None
            _blob_close(h)

    def close(self):
        _check(self._con)
        self._close()

    def __len__(self):
        self._check()
        return _blob_len(self._h)

    def read(self, length=-1, /):
        self._check()
        length = _c_int(length)
        rest = _blob_len(self._h) - self._offset
        if length < 0 or length > rest:
            length = rest
        if length == 0:
            return b""
        data = _blob_read(self._h, self._offset, length)
        self._offset += length
        return data

    def write(self, data, /):
        self._check()
        data = _bytes(data)
        if len(data) > 2147483647:
            raise OverflowError("data longer than INT_MAX bytes")
        if len(data) > _blob_len(self._h) - self._offset:
            raise ValueError("data longer than blob length")
        if data:
            _blob_write(self._h, self._offset, data)
            self._offset += len(data)

    def tell(self):
        self._check()
        return self._offset

    def seek(self, offset, origin=0, /):
        self._check()
        offset = _c_int(offset)
        origin = _c_int(origin)
        n = _blob_len(self._h)
        if origin == 0:
            pass
        elif origin == 1:
            if offset > 2147483647 - self._offset:
                raise OverflowError("seek offset results in overflow")
            offset += self._offset
        elif origin == 2:
            if offset > 2147483647 - n:
                raise OverflowError("seek offset results in overflow")
            offset += n
        else:
            raise ValueError("'origin' should be os.SEEK_SET, os.SEEK_CUR, "
                             "or os.SEEK_END")
        if offset < 0 or offset > n:
            raise ValueError("offset out of blob range")
        self._offset = offset

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *args):
        self._check()
        self._close()
        return False

    def _position(self, item, n):
        i = _index(item)
        if i < -9223372036854775808 or i > 9223372036854775807:
            raise IndexError("cannot fit 'int' into an index-sized integer")
        if i < 0:
            i += n
        if i < 0 or i >= n:
            raise IndexError("Blob index out of range")
        return i

    def __getitem__(self, item):
        self._check()
        n = _blob_len(self._h)
        if hasattr(type(item), "__index__"):
            i = self._position(item, n)
            return _blob_read(self._h, i, 1)[0]
        if isinstance(item, slice):
            start, stop, step = item.indices(n)
            count = len(range(start, stop, step))
            if count <= 0:
                return b""
            if step == 1:
                return _blob_read(self._h, start, count)
            lo = min(start, start + (count - 1) * step)
            hi = max(start, start + (count - 1) * step)
            data = _blob_read(self._h, lo, hi - lo + 1)
            return data[start - lo::step][:count]
        raise TypeError("Blob indices must be integers")

    def __setitem__(self, item, value):
        self._check()
        n = _blob_len(self._h)
        if hasattr(type(item), "__index__"):
            i = self._position(item, n)
            try:
                v = _index(value)
            except OverflowError:
                v = -1
            if v < 0 or v > 255:
                raise ValueError("byte must be in range(0, 256)")
            _blob_write(self._h, i, bytes((v,)))
            return
        if isinstance(item, slice):
            start, stop, step = item.indices(n)
            count = len(range(start, stop, step))
            data = _bytes(value)
            if len(data) != max(count, 0):
                raise IndexError("Blob slice assignment is wrong size")
            if count <= 0:
                return
            if step == 1:
                _blob_write(self._h, start, data)
                return
            lo = min(start, start + (count - 1) * step)
            hi = max(start, start + (count - 1) * step)
            buf = bytearray(_blob_read(self._h, lo, hi - lo + 1))
            for k in range(count):
                buf[start - lo + k * step] = data[k]
            _blob_write(self._h, lo, bytes(buf))
            return
        raise TypeError("Blob indices must be integers")

    def __delitem__(self, item):
        self._check()
        raise TypeError("Blob doesn't support item deletion")

    # A mapping of indices, not a sequence: no iteration, no `in`.
    __iter__ = None


def _c_int(v):
    v = _index(v)
    if v < -2147483648 or v > 2147483647:
        raise OverflowError("Python int too large to convert to C int")
    return v
