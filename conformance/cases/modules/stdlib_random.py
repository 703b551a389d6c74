import random
random.seed(42)
print(random.random(), random.randint(1, 100), random.choice("abcdef"), random.uniform(1, 2))
print([random.randrange(10) for _ in range(10)], random.getrandbits(70))
l = list(range(10)); random.shuffle(l); print(l, random.sample(range(100), 5))
random.seed("hello"); print(random.random())
random.seed(b"bytes"); print(random.random())
r = random.Random(12345); print(r.random(), r.gauss(0, 1), r.normalvariate(5, 2), r.expovariate(1.5))
st = r.getstate(); a = r.random(); r.setstate(st); print(a == r.random())
print(random.Random(0).choices("abc", k=5), random.Random(7).betavariate(2, 3), random.Random(-5).random() == random.Random(5).random())
import _sha512
print(_sha512.sha512(b"abc").hexdigest()[:32], _sha512.sha384(b"").hexdigest()[:16])
random.seed(2**100 + 7); print(random.random())
random.seed(3.5); print(random.random())
