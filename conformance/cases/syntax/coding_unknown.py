# coding: foo
print(1)
