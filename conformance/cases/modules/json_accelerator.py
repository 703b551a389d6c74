import _json, json
for s in ['"a\x01b"', '"a\\qb"', '"a\\u12"', '"abc', '"ok\\n\\u00e9\\ud83d\\ude00x"', '"\\ud800"', '"a\\', '"\\ud800\\u12"']:
    try:
        print(ascii(_json.scanstring(s, 1)))
    except json.JSONDecodeError as e:
        print(repr(e.msg), e.pos)
print(_json.scanstring('"a\x01"', 1, False))
for s in ["plain", 'q"uote\\back\n\x00\x1f\x7f', "é€😀\udc80"]:
    print(ascii(_json.encode_basestring(s)), _json.encode_basestring_ascii(s))
try:
    _json.encode_basestring_ascii(1)
except TypeError as e:
    print(e)
print(json.loads('{"a": ["\\u00e9", 1.5, null]}'), json.dumps({"k": "é\n"}), json.dumps("é", ensure_ascii=False))
