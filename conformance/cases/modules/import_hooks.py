import sys, os, tempfile, zipfile, importlib, importlib.abc, importlib.util, importlib.machinery, pkgutil

tmp = tempfile.mkdtemp()
# A module and a package inside a zip archive on sys.path.
zpath = os.path.join(tmp, 'lib.zip')
with zipfile.ZipFile(zpath, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('zmod.py', 'VALUE = "from the zip"\n')
    z.writestr('zpkg/__init__.py', 'from .inner import X\n')
    z.writestr('zpkg/inner.py', 'X = 41 + 1\n')
sys.path.insert(0, zpath)
import zmod, zpkg
print(zmod.VALUE, zpkg.X, type(zmod.__loader__).__name__, zmod.__spec__.name)
print(zpkg.__path__[0].endswith(os.path.join('lib.zip', 'zpkg')))

# A finder a program adds to sys.meta_path.
class Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.startswith('virtual_'):
            return importlib.util.spec_from_loader(name, self)
        return None
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        module.NAME = module.__name__.upper()
sys.meta_path.insert(0, Finder())
import virtual_one
from virtual_two import NAME
print(virtual_one.NAME, NAME, virtual_one.__spec__.loader.__class__.__name__)
try:
    import not_virtual_anything
except ModuleNotFoundError as e:
    print('ModuleNotFoundError', e.name)

# Specs of modules on disk, found without importing them.
d = os.path.join(tmp, 'plain')
os.mkdir(d)
with open(os.path.join(d, 'plainmod.py'), 'w') as f:
    f.write('print("plainmod runs")\n')
os.mkdir(os.path.join(d, 'plainpkg'))
with open(os.path.join(d, 'plainpkg', '__init__.py'), 'w') as f:
    f.write('')
with open(os.path.join(d, 'plainpkg', 'sub.py'), 'w') as f:
    f.write('')
sys.path.insert(0, d)
spec = importlib.util.find_spec('plainmod')
print(spec.name, os.path.basename(spec.origin), spec.submodule_search_locations, 'plainmod' in sys.modules)
spec = importlib.util.find_spec('plainpkg')
print(spec.name, [os.path.basename(p) for p in spec.submodule_search_locations])
print(importlib.util.find_spec('no_such_module_at_all'))
import plainmod
print(os.path.basename(plainmod.__spec__.origin), plainmod.__loader__.__class__.__name__)
print(sorted(m.name for m in pkgutil.iter_modules([d])))
print(sorted(m.name for m in pkgutil.iter_modules([zpath])))
print(importlib.machinery.PathFinder.find_spec('plainmod', [d]).name)
import json
print(json.__spec__.name, json.__spec__.parent, os.path.basename(json.__spec__.origin))
print(sys.__spec__.origin, sys.__spec__.loader.__name__)
