# Class with __init__ and methods
class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
    def deposit(self, amount):
        self.balance += amount
        return self.balance
    def withdraw(self, amount):
        if amount > self.balance:
            return False
        self.balance -= amount
        return True
a = Account("ann")
print(a.owner, a.balance)
print(a.deposit(100), a.withdraw(30), a.withdraw(500), a.balance)
b = Account("bob", 5)
print(b.balance, a.balance)
m = a.deposit
print(m(1), a.balance)
print(Account.deposit(b, 10))
print(type(a).__name__, isinstance(a, Account))
