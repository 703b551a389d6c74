# The clocks of the time module: get_clock_info, the CLOCK_ ids, clock_gettime
# and clock_getres, and the monotonic/process/thread clocks as the OS has them.
import time
for n in ['time','monotonic','perf_counter','process_time','thread_time']: print(n, time.get_clock_info(n))
try: time.get_clock_info('x')
except Exception as e: print(type(e), e)
try: time.get_clock_info(1)
except Exception as e: print(type(e), e)
a = time.monotonic(); b = time.monotonic_ns(); print(a > 1, b > 10**9, abs(a - b/1e9) < 1)
print(time.process_time() < 5, time.thread_time() < 5, time.CLOCK_MONOTONIC, time.clock_getres(time.CLOCK_REALTIME))
print(abs(time.clock_gettime(time.CLOCK_REALTIME) - time.time()) < 1)
try: time.clock_gettime(12345)
except OSError as e: print(e)
