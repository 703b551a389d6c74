# Concatenation, repetition, membership, len
a = "foo"
b = "bar"
print(a + b, a * 3, 2 * b)
print(a * 0 == "", len(a * -1))
print("oo" in a, "x" in a, "" in a, "fb" not in a + b)
print(len(""), len("hello"), len(a + b))
parts = ""
for ch in "xyz":
    parts += ch + "-"
print(parts)
print("-" * 20)
print("ab" "cd" + "ef")
