# SystemExit can be caught; then exit with another code
import sys
try:
    sys.exit(5)
except SystemExit as e:
    print("caught SystemExit", e.code)
print("continuing")
sys.exit(2)
