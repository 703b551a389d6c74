# for over user-defined iterables (via __iter__/__next__) and __getitem__
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
for v in Countdown(3):
    print(v)
print(list(Countdown(4)), sum(Countdown(10)))
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 100
print(list(Seq()))
for v in Seq():
    print("seq", v)
