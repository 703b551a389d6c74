# Benchmark: float arithmetic on locals and float lists (a planetary n-body simulation).
# Usage: nbody.py [STEPS]  -- prints the energy before and after (9 decimals) as the checksum.
import sys

PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


def bodies():
    # Sun and four planets: position (AU), velocity (AU/day), mass.
    return [
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, SOLAR_MASS],
        [4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
         -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS],
        [8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
         2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS],
        [1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
         -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS],
        [1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
         -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS],
    ]


def flatten(system):
    # One flat list of floats: body k's fields start at 7 * k.
    flat = []
    for b in system:
        flat.extend(b)
    return flat


def offset_momentum(s, n):
    px = 0.0
    py = 0.0
    pz = 0.0
    for k in range(n):
        m = s[7 * k + 6]
        px += s[7 * k + 3] * m
        py += s[7 * k + 4] * m
        pz += s[7 * k + 5] * m
    s[3] = -px / SOLAR_MASS
    s[4] = -py / SOLAR_MASS
    s[5] = -pz / SOLAR_MASS
    return 0


def energy(s, n):
    e = 0.0
    for i in range(n):
        a = 7 * i
        m = s[a + 6]
        e += 0.5 * m * (s[a + 3] * s[a + 3] + s[a + 4] * s[a + 4] + s[a + 5] * s[a + 5])
        for j in range(i + 1, n):
            b = 7 * j
            dx = s[a] - s[b]
            dy = s[a + 1] - s[b + 1]
            dz = s[a + 2] - s[b + 2]
            e -= m * s[b + 6] / (dx * dx + dy * dy + dz * dz) ** 0.5
    return e


def advance(s, n, dt, steps):
    for _ in range(steps):
        for i in range(n):
            a = 7 * i
            for j in range(i + 1, n):
                b = 7 * j
                dx = s[a] - s[b]
                dy = s[a + 1] - s[b + 1]
                dz = s[a + 2] - s[b + 2]
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * d2 ** 0.5)
                mb = s[b + 6] * mag
                ma = s[a + 6] * mag
                s[a + 3] -= dx * mb
                s[a + 4] -= dy * mb
                s[a + 5] -= dz * mb
                s[b + 3] += dx * ma
                s[b + 4] += dy * ma
                s[b + 5] += dz * ma
        for i in range(n):
            a = 7 * i
            s[a] += dt * s[a + 3]
            s[a + 1] += dt * s[a + 4]
            s[a + 2] += dt * s[a + 5]
    return 0


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    s = flatten(bodies())
    n = len(s) // 7
    offset_momentum(s, n)
    print("%.9f" % energy(s, n))
    advance(s, n, 0.01, steps)
    print("%.9f" % energy(s, n))


main()
