# __len__, __getitem__, __contains__, __setitem__
class Deck:
    def __init__(self):
        self.cards = [r + s for s in "SH" for r in "A23"]
    def __len__(self):
        return len(self.cards)
    def __getitem__(self, i):
        return self.cards[i]
    def __setitem__(self, i, v):
        self.cards[i] = v
    def __contains__(self, card):
        return card in self.cards
d = Deck()
print(len(d), d[0], d[-1], d[1:3])
print("2H" in d, "KH" in d, "KH" not in d)
d[0] = "JOKER"
print(d[0], list(d))
for c in d:
    if c.endswith("H"):
        print("heart", c)
class Squares:
    def __getitem__(self, k):
        return k * k
print(Squares()[12])
