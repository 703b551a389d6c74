# raise ... from ...
class ConfigError(Exception):
    pass
def load(d):
    try:
        return d["port"]
    except KeyError as e:
        raise ConfigError("missing port") from e
try:
    load({})
except ConfigError as e:
    print("error:", e)
    print("cause:", repr(e.__cause__))
    print("cause type:", type(e.__cause__).__name__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("converted")
except ValueError as e:
    print(repr(e.__context__), e.__cause__)
try:
    raise RuntimeError("no cause") from None
except RuntimeError as e:
    print(e.__cause__, e.__suppress_context__)
