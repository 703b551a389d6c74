# None in sys.modules makes an import fail (test.support's
# import_fresh_module blocks modules this way).
import sys
sys.modules["json"] = None
try:
    import json
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
try:
    from json import dumps
except ImportError as e:
    print(type(e).__name__, e)
del sys.modules["json"]
import json
print(json.dumps([1]))
