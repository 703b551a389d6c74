# KeyError messages
d = {"a": 1}
for key in ["missing", 42, (1, 2), 1.5, None, "it's"]:
    try:
        d[key]
    except KeyError as e:
        print("KeyError:", e, "|", repr(e), "|", e.args)
try:
    {}[""]
except KeyError as e:
    print(str(e))
