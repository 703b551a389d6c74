# upper/lower/title/capitalize/swapcase
s = "hello World, it's PYTHON"
print(s.upper())
print(s.lower())
print(s.title())
print(s.capitalize())
print(s.swapcase())
print("ABC".isupper(), "abc".islower(), "Abc".isupper())
print("hello world".title(), "3rd place".title())
print("".upper(), "123".upper())
