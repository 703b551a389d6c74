# _json's scanner and encoder (make_scanner, make_encoder) as json uses them
import json, _json
d=json.decoder.JSONDecoder()
s=_json.make_scanner(d)
for doc in ['[1,]','{"a":}','{"a" 1}','{1:2}','[1 2]','', '-', '-Infinity', 'NaN', '1.5e3', '-0', '01', '1.', '1e', '[', '{', '{"a":1,}', '"abc', '  1', '[1', '{"a":1', '1e+', '1E+2', '-0.0', '123456789012345678901234567890', '{"é": ["ü\\u00e9\\ud83d\\ude00", 1.25, true, false, null]}', ' [ 1 , { } , [ ] ] ']:
    try: print(repr(doc), s(doc, 0))
    except Exception as e: print(repr(doc), type(e).__name__, e.args)
try: s('1', -1)
except Exception as e: print(type(e).__name__, e)
try: s(b'1', 0)
except Exception as e: print(type(e).__name__, e)
print(s('xx[1]', 2))
print(type(s), s.__class__.__module__, _json.make_scanner, _json.make_encoder)
print(s.strict, s.object_hook, s.parse_float, s.parse_int)
print(json.loads('{"a": {"b": [1, 2.5, "x\\ny"]}, "c": -1e-3}', object_pairs_hook=list))
print(json.loads('{"a": 1}', object_hook=lambda d: sorted(d.items())))
print(json.loads('[1.5, 2]', parse_float=str, parse_int=lambda s: int(s)*2))
print(json.loads('[NaN, Infinity, -Infinity]', parse_constant=str))
r = json.loads('[{"k": 1}, {"k": 2}]'); print(list(r[0])[0] is list(r[1])[0])
try: json.loads('[' * 100000)
except RecursionError as e: print("RecursionError", e)
E=_json.make_encoder
tn=lambda o: type(o).__name__
e=E({}, tn, json.encoder.encode_basestring_ascii, None, ':', ',', False, False, True)
print(repr(e({'a':[1,2.5,None,True,(1,)], 2:3, 1.5:1, None:1, True:2}, 0)))
print(e.markers, e.default is tn, e.encoder, e.indent, e.key_separator, e.item_separator, e.sort_keys, e.skipkeys)
for o in [float('nan'), {'a':float('inf')}, {(1,):2}, object(), 'x\u1234']:
    try: print(e(o,0))
    except Exception as ex: print(type(ex).__name__, ex)
e2=E(None, lambda o: 7, json.encoder.encode_basestring, 2, ': ', ', ', True, True, False)
print(e2({'b':1,'a':[1,{}, []], 'c':{'z':1}}, 0))
print(e2({'b':1,'a':object()}, 0))
try: print(e2(float('nan'),0))
except Exception as ex: print(type(ex).__name__, ex)
e3=E(None, lambda o: 7, json.encoder.encode_basestring, None, ':', ',', False, True, False)
print(e3({'b':1,(2,):1, 'c':2},0))
l=[]; l.append(l)
try: e(l,0)
except Exception as ex: print(type(ex).__name__, ex)
d={}; d['a']=d
try: e(d,0)
except Exception as ex: print(type(ex).__name__, ex)
e4=E({}, lambda o: o, json.encoder.encode_basestring_ascii, None, ':', ',', False, False, True)
try: e4(object(),0)
except Exception as ex: print(type(ex).__name__, ex)
class F(float): pass
class I(int):
  def __repr__(s): return 'I!'
print(e([F(1.5), I(3), {I(2):1, F(2.5):1}],0))
for args in [(1, None, None, None, 1,1,1,1,1), ({}, None, None, None, 1,1,1,1,1), ({}, None, None, None, ':',1,1,1,1), (1, None, None, None, ':',',',1,1,1)]:
  try: E(*args)
  except Exception as ex: print(type(ex).__name__, ex)
try: E()
except Exception as ex: print(type(ex).__name__, ex)
e5=E(None, None, lambda s: 5, None, ':', ',', False, False, True)
try: print(e5(['a'],0))
except Exception as ex: print(type(ex).__name__, ex)
e6=E(None, None, lambda s: '<'+s+'>', None, ':', ',', False, False, True)
print(e6({'a':['b']},0))
print(e([],0), e({},0), e((),0))
print(e(True,0), e(None,0), e(5,0), e(-0.0, 0), e(1e300,0), e(10**30, 0))
try: print(e(1,0,1))
except Exception as ex: print(type(ex).__name__, ex)
class D(dict):
    def items(self): return [('z', 1), ('y', 2)]
print(e(D(a=1), 0))
print(json.dumps({'x': [1, 2, {'y': 'é'}]}), json.dumps({'x': 'é'}, ensure_ascii=False), json.dumps([1, 2], indent=1))
print(json.dumps({3: 1, 'a': 2}, sort_keys=False))
