# Importing a module that does not exist
try:
    import _no_such_module_anywhere
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
try:
    import _no_such_module_anywhere
except ImportError as e:
    print("ImportError subclass caught:", type(e).__name__)
print(issubclass(ModuleNotFoundError, ImportError))
