import atexit, importlib, inspect, dataclasses
atexit.register(print, "registered last, runs first")
@atexit.register
def goodbye():
    print("goodbye")
atexit.register(print, "runs last")
atexit.unregister(goodbye)
m = importlib.import_module("json")
print(m.dumps([1]), importlib.import_module("os.path").join("a", "b"))
try:
    importlib.import_module("no_such_module_xyz")
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
@dataclasses.dataclass
class Point:
    x: int
    y: int = 0
    def norm1(self):
        return abs(self.x) + abs(self.y)
p = Point(3, -4)
print(p, p.norm1(), p == Point(3, -4), dataclasses.asdict(p), dataclasses.fields(Point)[0].name)
@dataclasses.dataclass(frozen=True, order=True)
class V:
    a: int
    b: str = "z"
print(sorted([V(2), V(1, "q")]), hash(V(1)) == hash(V(1)))
try:
    V(1).a = 5
except dataclasses.FrozenInstanceError as e:
    print("FrozenInstanceError:", e)
def f(a, b=2, *c, d, **e): pass
print(inspect.signature(f), inspect.isfunction(f), inspect.isclass(Point))
print("main done")
