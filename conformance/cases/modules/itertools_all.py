from itertools import *
import itertools
print(list(islice(count(), 5)), list(islice(count(2.5, 0.5), 3)), count(3), count(1, 2), repeat('a', 2))
print(list(islice(cycle('ab'), 5)), list(repeat(7, 3)), list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b, initial=10)))
print(list(chain('ab', [1, 2])), list(chain.from_iterable(['xy', 'z'])), list(compress('abcdef', [1, 0, 1, 0, 1])))
print(list(dropwhile(lambda x: x < 3, [1, 2, 3, 4, 1])), list(takewhile(lambda x: x < 3, [1, 2, 3, 4, 1])), list(filterfalse(None, [0, 1, '', 'a'])))
for k, g in groupby('aaabbcaa'):
    print(k, list(g), end='; ')
print()
print([(k, len(list(g))) for k, g in groupby([1, 3, 5, 2, 4, 7], key=lambda x: x % 2)])
gs = [(k, g) for k, g in groupby('aabb')]
print([(k, list(g)) for k, g in gs])
print(list(islice('abcdefg', 2, None)), list(islice('abcdefg', 1, 6, 2)), list(islice(range(10), None, 3)))
print(list(pairwise('abcd')), list(starmap(pow, [(2, 3), (3, 2)])), list(zip_longest('ab', 'xyz', fillvalue='-')))
a, b = tee(iter([1, 2, 3]))
print(list(a), list(b), len(tee('x', 3)))
print(list(product('ab', range(2))), list(product([1, 2], repeat=2)))
print(list(permutations('abc', 2)), len(list(permutations(range(4)))))
print(list(combinations('abcd', 2)), list(combinations_with_replacement('abc', 2)))
print(list(combinations(range(3), 5)), list(product()), list(permutations([], 0)))
try:
    islice('abc', -1)
except ValueError as e:
    print(e)
print(type(count()).__name__, isinstance(chain(), chain), itertools.groupby.__name__)
it = iter(range(10))
print(list(islice(it, 3)), next(it))
