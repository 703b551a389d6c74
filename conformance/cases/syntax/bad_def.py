# Syntax error case: the file does not compile
def f(:
    return 1
