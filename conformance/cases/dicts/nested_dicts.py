# Nested dicts and counting patterns
inventory = {"fruit": {"apple": 3, "pear": 0}, "veg": {"kale": 2}}
inventory["fruit"]["pear"] += 5
inventory.setdefault("dairy", {})["milk"] = 1
print(inventory)
for cat, items in inventory.items():
    print(cat, sum(items.values()), sorted(items))
text = "the quick the lazy the end quick"
freq = {}
for w in text.split():
    freq[w] = freq.get(w, 0) + 1
print(freq)
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])))
print(max(freq, key=freq.get))
