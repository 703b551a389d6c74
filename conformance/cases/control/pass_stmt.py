# pass in various places
def noop():
    pass
class Empty:
    pass
for _ in range(3):
    pass
if True:
    pass
else:
    pass
while False:
    pass
print(noop(), type(Empty()).__name__)
try:
    pass
except Exception:
    pass
print("done")
