# global statement
count = 0
def bump():
    global count
    count += 1
def read():
    return count
bump()
bump()
print(count, read())
def create():
    global created
    created = "made inside"
create()
print(created)
x = "module"
def shadow():
    x = "local"
    return x
print(shadow(), x)
