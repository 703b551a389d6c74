# with: __enter__, __exit__ on both paths, and the stack it keeps.
def f(path):
    with open(path) as fh, open(path) as gh:
        return fh.read() + gh.read()
