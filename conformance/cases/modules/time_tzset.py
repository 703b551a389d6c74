# time.tzset reads TZ again and resets timezone, altzone, daylight and
# tzname (from January's and July's offsets, the southern hemisphere's
# reversed); localtime, mktime and datetime's local conversions follow.
import os
import time
from datetime import datetime

for tz in ["EST+05EDT,M3.2.0,M11.1.0", "UTC0", "AEST-10AEDT,M10.1.0,M4.1.0/3", "JST-9"]:
    os.environ["TZ"] = tz
    time.tzset()
    print(tz, time.timezone, time.altzone, time.daylight, time.tzname)
    print(time.localtime(1e9)[:9], time.mktime((2020, 6, 1, 0, 0, 0, 0, 0, -1)))
    d = datetime.fromtimestamp(1e9)
    print(d, d.timestamp(), datetime(2020, 1, 1).astimezone())
