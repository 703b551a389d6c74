# The native _datetime module: construction, arithmetic, comparison,
# hashing, text forms and errors of its six types, used directly.
import _datetime as D
from _datetime import date, datetime, time, timedelta, timezone, tzinfo

print(D.MINYEAR, D.MAXYEAR, datetime.__module__, issubclass(datetime, date))
print(issubclass(timezone, tzinfo), D.UTC is timezone.utc)

# timedelta: normalization and float rounding (half to even)
for td in [timedelta(1, 2, 3), timedelta(days=-1, seconds=5), timedelta(hours=1.5),
           timedelta(microseconds=0.5), timedelta(microseconds=1.5),
           timedelta(weeks=1, minutes=-1, milliseconds=1.25), timedelta(0)]:
    print(repr(td), str(td), td.total_seconds(), bool(td))
print(timedelta.min, timedelta.max, timedelta.resolution)
t = timedelta(hours=25, microseconds=7)
print(t * 3, 3 * t, t * 0.5, t / 4, t / 0.25, t // 7, t // timedelta(hours=1),
      t % timedelta(hours=7), divmod(t, timedelta(hours=7)), t / timedelta(hours=2))
print(-t, abs(-t), +t, t - timedelta(days=2))
print(hash(timedelta(1)) == hash(timedelta(hours=24)), timedelta(1) == timedelta(hours=24))
print(timedelta(1) < timedelta(2), timedelta(1) == 1, timedelta(1) != "x")

# date
d = date(2020, 2, 29)
print(d, repr(d), d.isoformat(), d.weekday(), d.isoweekday(), d.toordinal(), d.ctime())
print(d.isocalendar(), tuple(d.isocalendar()), d.isocalendar().week)
print(d + timedelta(days=1), d - timedelta(days=60), d - date(2019, 1, 1))
print(date.fromordinal(737849), date.fromisocalendar(2020, 53, 7), d.replace(year=2024))
print(date.fromisoformat("2021-03-04"), date.fromisoformat("20210304"), date.fromisoformat("2021-W10-4"))
print(d.strftime("%Y/%m/%d %A %j %%"), format(d, "%d.%m"), format(d, ""))
print(date.min, date.max, date.resolution, d.timetuple()[:8])

# time
tm = time(12, 30, 5, 120, tzinfo=timezone(timedelta(hours=-3, minutes=-30)))
print(tm, repr(tm), tm.isoformat("milliseconds"), tm.utcoffset(), tm.tzname(), tm.dst())
print(time(1), repr(time(1, 2, fold=1)), time.fromisoformat("T10:11:12.5+01:00"))
print(time(10, tzinfo=timezone.utc) == time(11, tzinfo=timezone(timedelta(hours=1))))
print(tm.strftime("%H:%M:%S.%f %z %Z"), time.min, time.max)

# datetime
dt = datetime(2021, 12, 31, 23, 59, 59, 999999)
print(dt, repr(dt), dt + timedelta(microseconds=1), dt - datetime(2021, 1, 1))
print(dt.date(), dt.time(), dt.isoformat(" ", "seconds"), dt.ctime(), tuple(dt.timetuple()))
aw = datetime(2021, 6, 1, 12, tzinfo=timezone(timedelta(hours=2), "CEST"))
print(aw, repr(aw), aw.tzname(), aw.astimezone(timezone.utc), aw.timestamp())
print(aw == datetime(2021, 6, 1, 10, tzinfo=timezone.utc), aw == dt, dt == aw)
print(hash(aw) == hash(datetime(2021, 6, 1, 10, tzinfo=timezone.utc)))
print(datetime.fromtimestamp(1e9, timezone.utc), datetime.utcfromtimestamp(1234567890.5))
print(datetime.fromisoformat("2011-11-04T00:05:23.283+00:00"),
      datetime.fromisoformat("2011-11-04 00:05:23Z"), datetime.fromisoformat("20111104T000523"))
print(datetime.combine(date(2000, 1, 1), time(5, tzinfo=timezone.utc)))
print(datetime.strptime("2020-05-06 07:08", "%Y-%m-%d %H:%M"))
print(aw.strftime("%Y %z %Z %f"), aw.utctimetuple()[:6])
print(sorted([datetime(2020, 1, 2), datetime(2019, 5, 5), datetime(2020, 1, 1, 5)]))

# errors
for f in [lambda: date(2021, 2, 29), lambda: date(0, 1, 1), lambda: time(24),
          lambda: datetime(2020, 13, 1), lambda: date(2020, 1, 1.0),
          lambda: timedelta(days=10**9), lambda: date.max + timedelta(1),
          lambda: timezone(timedelta(hours=24)), lambda: timezone(5),
          lambda: datetime(2020, 1, 1, tzinfo=1), lambda: dt < aw,
          lambda: dt - aw, lambda: date.fromisoformat("2020-1-1"),
          lambda: datetime.fromisoformat("2020-01-01T25:00"), lambda: timedelta(1) / 0,
          lambda: time(1).isoformat("nanoseconds"), lambda: tzinfo().utcoffset(None),
          lambda: date(2020, 1, 1) < datetime(2020, 1, 1), lambda: timedelta("1")]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
