# Benchmark: dict-heavy work (word counts, grouping, get/setdefault, deletion, comprehensions).
# Usage: dicts.py [N]  -- prints summary counts of the results as the checksum.
import sys

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "da", "qu"]


def words(n):
    # A deterministic pseudo-random text.
    x = 12345
    out = []
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        k = 1 + x % 3
        w = ""
        for j in range(k):
            w += SYLLABLES[(x >> (4 * j + 5)) % len(SYLLABLES)]
        out.append(w)
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    text = words(n)
    counts = {}
    for w in text:
        counts[w] = counts.get(w, 0) + 1
    by_length = {}
    for w, c in counts.items():
        by_length.setdefault(len(w), []).append(c)
    pairs = {}
    for a, b in zip(text, text[1:]):
        key = (a[:2], b[:2])
        if key in pairs:
            pairs[key] += 1
        else:
            pairs[key] = 1
    rare = [w for w, c in counts.items() if c < 3]
    for w in rare:
        del counts[w]
    squares = {w: c * c for w, c in counts.items() if c % 2 == 0}
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    print(len(counts), len(rare), sorted((k, sum(v)) for k, v in by_length.items()),
          len(pairs), max(pairs.values()), len(squares), top)


main()
