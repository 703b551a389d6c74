# Exception hierarchy
pairs = [
    (KeyError, LookupError), (IndexError, LookupError), (ZeroDivisionError, ArithmeticError),
    (OverflowError, ArithmeticError), (ValueError, Exception), (UnicodeDecodeError, ValueError),
    (RecursionError, RuntimeError), (NotImplementedError, RuntimeError), (Exception, BaseException),
    (KeyboardInterrupt, Exception), (SystemExit, BaseException), (StopIteration, Exception),
    (UnboundLocalError, NameError), (TypeError, ValueError), (AttributeError, Exception),
]
for sub, sup in pairs:
    print(sub.__name__, sup.__name__, issubclass(sub, sup))
try:
    {}["missing"]
except LookupError as e:
    print("LookupError caught", type(e).__name__)
try:
    [][1]
except LookupError as e:
    print("LookupError caught", type(e).__name__)
try:
    1 / 0
except ArithmeticError as e:
    print("ArithmeticError caught", type(e).__name__)
