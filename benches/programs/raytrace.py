# Benchmark: a small ray tracer with vector objects (operator methods, attribute access).
# Usage: raytrace.py [SIZE]  -- renders SIZE x SIZE pixels, prints a checksum of the image.
import sys


class Vec:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def norm(self):
        return self * (1.0 / self.dot(self) ** 0.5)


class Sphere:
    def __init__(self, center, radius, color, shine):
        self.center = center
        self.radius = radius
        self.color = color
        self.shine = shine

    def hit(self, origin, direction):
        # Distance along the ray to the nearest intersection, or None.
        oc = origin - self.center
        b = oc.dot(direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        t = -b - disc ** 0.5
        return t if t > 1e-6 else None

    def normal(self, p):
        return (p - self.center).norm()


class Plane:
    def __init__(self, y, color):
        self.y = y
        self.color = color
        self.shine = 0.3

    def hit(self, origin, direction):
        if abs(direction.y) < 1e-9:
            return None
        t = (self.y - origin.y) / direction.y
        return t if t > 1e-6 else None

    def normal(self, p):
        return Vec(0.0, 1.0, 0.0)


LIGHT = Vec(-0.5, 1.0, -0.6).norm()


def trace(scene, origin, direction, depth):
    nearest, obj = None, None
    for o in scene:
        t = o.hit(origin, direction)
        if t is not None and (nearest is None or t < nearest):
            nearest, obj = t, o
    if obj is None:
        return Vec(0.2, 0.3, 0.5) * (0.5 + 0.5 * direction.y)
    p = origin + direction * nearest
    n = obj.normal(p)
    shadow = any(o.hit(p, LIGHT) is not None for o in scene if o is not obj)
    diffuse = 0.0 if shadow else max(0.0, n.dot(LIGHT))
    color = obj.color * (0.15 + 0.85 * diffuse)
    if depth > 0 and obj.shine > 0:
        reflected = direction - n * (2 * direction.dot(n))
        color = color * (1 - obj.shine) + trace(scene, p, reflected, depth - 1) * obj.shine
    return color


def render(size):
    scene = [
        Sphere(Vec(0.0, 0.0, 4.0), 1.0, Vec(0.9, 0.2, 0.2), 0.4),
        Sphere(Vec(-1.8, -0.3, 5.0), 0.7, Vec(0.2, 0.9, 0.2), 0.2),
        Sphere(Vec(1.6, 0.4, 5.5), 0.9, Vec(0.2, 0.3, 0.9), 0.5),
        Plane(-1.0, Vec(0.8, 0.8, 0.7)),
    ]
    eye = Vec(0.0, 0.0, 0.0)
    checksum = 0
    for j in range(size):
        for i in range(size):
            d = Vec((i - size / 2) / size, (size / 2 - j) / size, 1.0).norm()
            c = trace(scene, eye, d, 2)
            checksum += int(min(c.x, 1.0) * 255) + 3 * int(min(c.y, 1.0) * 255) + 7 * int(min(c.z, 1.0) * 255)
    return checksum


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 280
    print(f"image {size}x{size} checksum {render(size)}")


main()
