# reverse, sort with key and reverse, sorted
a = [3, 1, 4, 1, 5, 9, 2, 6]
a.reverse()
print(a)
a.sort()
print(a)
a.sort(reverse=True)
print(a)
words = ["banana", "Apple", "cherry", "fig", "date"]
print(sorted(words))
print(sorted(words, key=len))
print(sorted(words, key=str.lower))
print(sorted(words, key=lambda w: (len(w), w), reverse=True))
words.sort(key=lambda w: w[-1])
print(words)
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
print(sorted(pairs))
print(sorted(pairs, key=lambda p: p[0]))
print(a.sort())
print(sorted([0.5, -1, 3, 2.25]))
