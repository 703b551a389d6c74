# Benchmark: string building and formatting (f-strings, %, format, join, split, replace, slicing).
# Usage: strings.py [N]  -- prints the total length and a character digest as the checksum.
import sys


def record(i):
    name = "item" + str(i % 97)
    return f"{name:>8}|{i:06d}|{i * 0.125:.3f}|" + "%s-%x" % (name.upper(), i) + "|{0}/{1}".format(i % 7, i % 11)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 550000
    lines = [record(i) for i in range(n)]
    text = "\n".join(lines)
    total = len(text)
    digest = 0
    for line in text.split("\n"):
        fields = line.split("|")
        left = fields[0].strip().replace("item", "it")
        digest = (digest * 31 + ord(left[-1]) + len(fields[3]) + ord(fields[2][-1])) % 1000000007
        if fields[1].startswith("000"):
            digest += len(fields[4].lower())
    words = " ".join(line[:5] for line in lines[:1000]).title()
    print(total, digest, len(words), words[:30])


main()
