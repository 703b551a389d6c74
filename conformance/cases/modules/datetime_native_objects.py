# The native _datetime module as objects: subclasses (with __dict__ and
# __new__ overrides), tzinfo subclasses, PEP 495 folds, pickles that
# interoperate with CPython's, and copies.
import copy
import pickle
from _datetime import date, datetime, time, timedelta, timezone, tzinfo


class MyDate(date):
    def __new__(cls, *args, **kw):
        self = super().__new__(cls, *args, **kw)
        self.extra = "x"
        return self


md = MyDate(2020, 1, 1)
print(type(md).__name__, md.extra, md.__dict__, repr(md))
print(type(md + timedelta(1)).__name__, type(md - timedelta(1)).__name__,
      type(md.replace(day=2)).__name__, type(MyDate.fromordinal(5)).__name__)


class MyDT(datetime):
    pass


m = MyDT(2020, 1, 1, 12)
print(type(m + timedelta(1)).__name__, type(m - m).__name__, type(MyDT.now()).__name__)
print(type(MyDT.fromisoformat("2020-01-01")).__name__, type(MyDT.combine(date(1, 1, 1), time())).__name__)


class MyTD(timedelta):
    pass


print(type(MyTD(1) + MyTD(2)).__name__, type(MyTD(1) * 2).__name__, MyTD(hours=1))


class Eastern(tzinfo):
    """Fixed -5h, with a one-hour DST from April to October (fold aware)."""

    def utcoffset(self, dt):
        return timedelta(hours=-5) + self.dst(dt)

    def dst(self, dt):
        if dt is None or dt.tzinfo is None:
            return timedelta(0)
        if 4 <= dt.month <= 9:
            return timedelta(hours=1)
        return timedelta(0)

    def tzname(self, dt):
        return "EDT" if self.dst(dt) else "EST"


east = Eastern()
u = datetime(2020, 6, 1, 12, tzinfo=timezone.utc)
e = u.astimezone(east)
print(e, e.tzname(), e.utcoffset(), e.dst(), e.timetuple().tm_isdst, e == u, hash(e) == hash(u))
print(east.fromutc(datetime(2020, 1, 1, 12, tzinfo=east)))
print(datetime(2020, 1, 1, fold=1) == datetime(2020, 1, 1), datetime(2020, 1, 1, fold=1).fold)

# pickles: the bytes CPython writes, for every protocol
for obj in [timedelta(1, 2, 3), date(2020, 5, 17), time(1, 2, 3, 4, fold=1),
            datetime(2020, 5, 17, 1, 2, 3, 456789, fold=1),
            datetime(2020, 5, 17, tzinfo=timezone(timedelta(hours=3), "X")),
            timezone.utc, timezone(timedelta(minutes=-90))]:
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        data = pickle.dumps(obj, proto)
        back = pickle.loads(data)
        assert back == obj and type(back) is type(obj), (obj, proto)
    print(repr(obj), pickle.dumps(obj, 2).hex(), pickle.dumps(obj, 4).hex())
print(pickle.loads(pickle.dumps(md)).extra, copy.deepcopy(m), copy.copy(e))
print(date.__reduce__(date(2000, 1, 2)), time(5).__reduce_ex__(4), timedelta(3).__reduce__())
