import json, codecs
data = {"name": "egret", "tags": ["a", "b"], "n": 3, "pi": 3.14159, "ok": True, "none": None, "nested": {"x": [1, 2, {"y": "z"}]}}
s = json.dumps(data)
print(s)
print(json.dumps(data, indent=2, sort_keys=True))
print(json.loads(s) == data, json.loads('[1, 2.5, "x\\u00e9", null, false]'))
print(json.dumps("caf\u00e9 \n\t\"q\""), json.dumps("caf\u00e9", ensure_ascii=False), json.dumps([1, (2, 3)], separators=(",", ":")))
try:
    json.loads("{bad json}")
except json.JSONDecodeError as e:
    print("JSONDecodeError:", e.msg, e.pos, e.lineno, e.colno)
class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, set):
            return sorted(o)
        return super().default(o)
print(json.dumps({"s": {3, 1, 2}}, cls=Enc))
try:
    json.dumps(object())
except TypeError as e:
    print("TypeError:", e)
print(json.loads('{"a": 1}', object_hook=lambda d: sorted(d.items())), json.loads("1e3"), json.loads('"\\ud83d\\ude00"'))
print(codecs.encode("héllo", "utf-8"), codecs.decode(b"h\xc3\xa9", "utf-8"), codecs.lookup("UTF8").name, codecs.encode("abc", "utf-16-le"))
print("é".encode("cp1252"), b"\xe9".decode("cp1252"), codecs.BOM_UTF8)
