# CPython's pure-Python enum module, unmodified.
import enum
from enum import Enum, IntEnum, Flag, IntFlag, auto, unique

class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3

print(Color.RED, repr(Color.GREEN), Color(3), Color['RED'], Color.RED.name, Color.RED.value)
print(list(Color), len(Color), Color.RED in Color, Color.RED is Color(1))
print([c.name for c in Color], Color.BLUE == Color.BLUE, Color.RED != Color.BLUE)

class Prio(IntEnum):
    LOW = 1
    HIGH = 10

print(Prio.LOW < Prio.HIGH, Prio.HIGH + 1, int(Prio.LOW), sorted([Prio.HIGH, Prio.LOW]), Prio(10))

class Perm(IntFlag):
    R = 4
    W = 2
    X = 1

rw = Perm.R | Perm.W
print(rw, Perm.R in rw, Perm.X in rw, int(rw), repr(Perm.R))

class Shape(Enum):
    SQUARE = auto()
    CIRCLE = auto()

print(Shape.SQUARE.value, Shape.CIRCLE.value)
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e:
    print("ValueError:", e)
try:
    Color(7)
except ValueError as e:
    print("ValueError:", e)

class Planet(Enum):
    MERCURY = (3.303e+23, 2.4397e6)
    EARTH = (5.976e+24, 6.37814e6)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
    @property
    def gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)

print(round(Planet.EARTH.gravity, 2), Planet.MERCURY.mass)
print({Color.RED: "r"}[Color.RED], Color.__members__.keys())
