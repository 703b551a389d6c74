# float.__getformat__: how the platform stores C doubles and floats.
print(float.__getformat__("double"), float.__getformat__("float"))
print(float.__getformat__ == float.__getformat__, callable(float.__getformat__))
for bad in ("int", "", 1, None):
    try:
        float.__getformat__(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
