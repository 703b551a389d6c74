# Packages: import _helper_pkg.sub as s
print("start")
import _helper_pkg.sub as s
print(s.triple(5), s.VALUE)
import _helper_pkg
print(_helper_pkg.PKG_NAME, _helper_pkg.sub.VALUE)
from _helper_pkg import sub
print(sub is s)
from _helper_pkg.sub import triple
print(triple(2))
print(s.__name__)
