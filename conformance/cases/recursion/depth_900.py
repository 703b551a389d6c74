# Recursion of depth 900 works with the default limit
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(900))
def sum_list(lst, i=0):
    if i == len(lst):
        return 0
    return lst[i] + sum_list(lst, i + 1)
print(sum_list(list(range(800))))
