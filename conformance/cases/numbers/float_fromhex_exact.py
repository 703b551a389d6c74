# float.fromhex is exact: subnormals, round-half-even at 53 bits (and at the
# subnormal boundary), OverflowError past the largest float, infinities and
# nans, and every parse edge CPython accepts or refuses.
import random

tests = [
    '0x1p-1074', '0x1p-1075', '0x1.0000000000001p-1075', '0x3p-1076', '0x1p-1076',
    '0x0.0000000000001p-1022', '0x0.0000000000000fp-1022', '0x1.fffffffffffffp1023',
    '0x1.fffffffffffff8p1023', '0x1.fffffffffffff7ffp1023', '0x1p1024', '-0x1p1024',
    '0x.8p1025', '0x1.00000000000008p0', '0x1.00000000000018p0', '0x1.00000000000008000001p0',
    '0x1.fffffffffffff8p-1023', '0x1.ffffffffffffep-1023', '1', '0', '0x', 'x1', '0x.', '.',
    '0x.p1', '0x1p', '0x1p+', '0x1p-', '0x1.p1', '0x.1p1', '  0x1p0  ', '\t0x1\n', '+0x1',
    '-0x1', '--1', '0X1P1', 'inf', '-Infinity', 'nan', '-nan', ' iNf ', 'infinit', 'infinityx',
    '+inf', '- inf', '0x1p99999999999999999999999', '0x1p-99999999999999999999999',
    '0x0p99999999999999999999999', '0x1_0', '1 2', 'abc', 'ABCDEF.abcdef', '0x1.8', '-0x0p0',
    '0x00000000000000000000001p0', '0x1' + '0' * 500 + 'p-2000', '0x1p-1074 ', '\u00a00x1',
    '0x\uff11', '0x1p+1_0', '0x1p1 x', '', '   ', '0x1.fffffffffffff8000000000000000001p1023',
    '0x0.00000000000008p-1022', '0x0.00000000000008000001p-1022', '0x0.00000000000018p-1022',
    'fp1', '1e1', '0x1e1', '-0x1p-1075', '-0x1.1p-1075', '0x.0000000000000000000001p-1000',
    '0x1.fffffffffffffp-1023', '0x1.fffffffffffff7p-1022', '0x1.0p-1022', '0x0.fffffffffffff8p-1022',
]
for t in tests:
    try:
        r = float.fromhex(t)
        print(repr(t[:48]), repr(r), r.hex())
    except Exception as e:
        print(repr(t[:48]), type(e).__name__, e)


class F(float):
    pass


r = F.fromhex('0x1p3')
print(type(r).__name__, r, (1.5).fromhex('0x1p-2'))
for a in [b'0x1', 1, None]:
    try:
        print(float.fromhex(a))
    except Exception as e:
        print(type(e).__name__, e)

# Random digit strings and exponents around the normal/subnormal and the
# overflow boundaries; printed as hex, which is exact.
random.seed(11)
H = "0123456789abcdefABCDEF"
for i in range(1500):
    ni = random.randint(0, 20)
    nf = random.randint(0, 20)
    if ni + nf == 0:
        ni = 1
    ip = "".join(random.choice(H) for _ in range(ni))
    fp = "".join(random.choice(H) for _ in range(nf))
    e = random.choice([random.randint(-1200, 1100), random.randint(-10, 10),
                       random.randint(-1160, -1000), random.randint(940, 1030)])
    s = f"{random.choice(['', '-', '+'])}{random.choice(['', '0x'])}{ip}{'.' if nf else ''}{fp}p{e}"
    try:
        print(s, float.fromhex(s).hex())
    except OverflowError:
        print(s, "OverflowError")

ok = 0
for i in range(3000):
    f = random.random() * 2.0 ** random.randint(-1100, 1023)
    ok += float.fromhex(f.hex()) == f
print("round trips", ok)
