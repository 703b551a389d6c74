import time, logging, datetime
t = time.gmtime(0)
print(t, t.tm_year, t[0], tuple(t)[:6], time.strftime("%Y-%m-%d %H:%M:%S", t), time.asctime(time.gmtime(86400 * 365)))
print(time.strftime("%j %a %b", time.gmtime(1000000000)), time.mktime(time.localtime(1000)) == 1000.0, type(time.localtime()).__name__)
logging.basicConfig(format="%(levelname)s:%(name)s:%(message)s", level=logging.INFO)
import sys
logging.getLogger("x").info("hello %s", "there")
logging.warning("careful")
print(datetime.date(2024, 2, 29) + datetime.timedelta(days=1), datetime.datetime(2020, 1, 1, 12, 30).isoformat(), datetime.datetime.fromtimestamp(0, datetime.timezone.utc))
print(datetime.datetime(2021, 5, 6).strftime("%A %d %B %Y"), datetime.date(2024, 1, 1).weekday())
