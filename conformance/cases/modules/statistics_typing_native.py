import random, struct, sys
import _statistics, statistics
src = open(statistics.__file__).read()
start = src.index('def _normal_dist_inv_cdf')
end = src.index('# If available, use C implementation')
ns = {}
exec('from math import fabs, sqrt, log\n' + src[start:end], ns)
py = ns['_normal_dist_inv_cdf']
rnd = random.Random(7)
ps = [rnd.random() for _ in range(20000)] + [1e-300, 1e-20, 0.5, 0.075, 0.925, 1 - 1e-16, 0.0001, 0.9999]
ps += [rnd.random() ** 40 for _ in range(2000)]
bad = [p for p in ps if py(p, 1.5, 2.5) != _statistics._normal_dist_inv_cdf(p, 1.5, 2.5)]
print(len(ps), 'points,', len(bad), 'differ')
print(statistics.NormalDist(3, 2).inv_cdf(0.3), statistics.NormalDist().inv_cdf(0.999))
import typing
UserId = typing.NewType('UserId', int)
print(UserId(5), typing._idfunc is __import__('_typing')._idfunc)
