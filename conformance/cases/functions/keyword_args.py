# Keyword arguments in calls and unpacking
def describe(name, age, city="?"):
    return f"{name} ({age}) from {city}"
print(describe("Ann", 30))
print(describe(age=25, name="Bob"))
print(describe("Cy", city="Oslo", age=40))
args = ("Di", 22)
kwargs = {"city": "Rome"}
print(describe(*args, **kwargs))
print(describe(*["Ed"], **{"age": 50}))
print(dict(a=1, **{"b": 2}))
print(sorted([3, 1, 2], reverse=True))
print("x", "y", sep="", end="!\n")
