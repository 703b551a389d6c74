# sys.exit(0) and sys.exit() end with status 0; finally blocks run
import sys
try:
    print("in try")
    sys.exit()
finally:
    print("finally ran")
print("never")
