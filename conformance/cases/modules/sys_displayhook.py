# PRINT_EXPR goes through sys.displayhook, which writes to the current sys.stdout
import sys, io, builtins
old = sys.stdout
sys.stdout = io.StringIO()
exec(compile('1+1\n', '<s>', 'single'))
v = sys.stdout.getvalue()
sys.stdout = old
print('captured', repr(v), builtins._)
def hook(v): print('hook', v)
sys.displayhook = hook
exec(compile('2+2\n', '<s>', 'single'))
exec(compile('None\n', '<s>', 'single'))
sys.displayhook = sys.__displayhook__
exec(compile('[3]\n', '<s>', 'single'))
exec(compile('None\n', '<s>', 'single'))
print(builtins._)
del sys.displayhook
try:
    exec(compile('5\n', '<s>', 'single'))
except RuntimeError as e:
    print('RuntimeError', e)
sys.displayhook = sys.__displayhook__
sys.stdout = None
try:
    exec(compile('6\n', '<s>', 'single'))
except RuntimeError as e:
    sys.stdout = old
    print('RuntimeError', e)
sys.stdout = old
sys.displayhook(7)
sys.displayhook(None)
print(builtins._)
