# Augmented assignment
x = 10
x += 5
print(x)
x -= 3
print(x)
x *= 2
print(x)
x //= 5
print(x)
x %= 3
print(x)
x /= 4
print(x)
s = "ab"
s += "cd"
s *= 2
print(s)
lst = [1]
alias = lst
lst += [2, 3]
print(lst, alias, lst is alias)
t = (1,)
t2 = t
t += (2,)
print(t, t2)
d = {"k": 1}
d["k"] += 10
print(d)
n = [0, 0]
n[1] -= 4
print(n)
