# pyexpat: handlers called in CPython's order with CPython's arguments,
# incremental feeding, namespaces, buffering and error positions.
import pyexpat
from xml.parsers import expat

DOC = b"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<?pi-target some data?>
<!-- a comment -->
<!DOCTYPE root SYSTEM "root.dtd" [
<!ELEMENT root (a|b)*>
<!ELEMENT a (#PCDATA|b)*>
<!ELEMENT b EMPTY>
<!ATTLIST root x CDATA #REQUIRED y CDATA "dflt" z (p|q) #IMPLIED>
<!NOTATION gif PUBLIC "-//gif">
<!ENTITY ent "R&#233;sum&#xE9;">
<!ENTITY ext SYSTEM "ext.xml">
<!ENTITY bin SYSTEM "bin.gif" NDATA gif>
<!ENTITY % pe "">
%pe;
]>
<root x="1&amp;2" xmlns:n="urn:n">
  <a n:k="v">text &ent; &lt;&#65;&gt;<![CDATA[<raw>
stuff]]></a>
  <n:b/>&ext;&undefined;
</root>
"""

DTD = {'NotStandalone', 'StartDoctypeDecl', 'ElementDecl', 'AttlistDecl', 'NotationDecl',
       'EntityDecl', 'UnparsedEntityDecl', 'EndDoctypeDecl'}

def record(p, out):
    names = ['StartElementHandler', 'EndElementHandler', 'CharacterDataHandler',
             'ProcessingInstructionHandler', 'CommentHandler',
             'StartNamespaceDeclHandler', 'EndNamespaceDeclHandler',
             'XmlDeclHandler', 'StartDoctypeDeclHandler', 'EndDoctypeDeclHandler',
             'StartCdataSectionHandler', 'EndCdataSectionHandler',
             'EntityDeclHandler', 'UnparsedEntityDeclHandler', 'NotationDeclHandler',
             'ExternalEntityRefHandler', 'SkippedEntityHandler', 'ElementDeclHandler',
             'AttlistDeclHandler', 'NotStandaloneHandler']
    for n in names:
        def h(*args, n=n):
            if n == 'ExternalEntityRefHandler' and args[0]:
                # expat orders the bindings in the context by a salted hash.
                args = (sorted(args[0].split('\x0c')),) + args[1:]
            # Positions inside the DTD are expat's own: only content's here.
            if n[:-7] in DTD:
                out.append((n[:-7], args))
            else:
                out.append((n[:-7], args, p.CurrentLineNumber, p.CurrentColumnNumber,
                            p.CurrentByteIndex))
            return 1
        setattr(p, n, h)

for sep in (None, '|'):
    for chunk in (None, 1, 7):
        p = expat.ParserCreate(namespace_separator=sep)
        out = []
        record(p, out)
        if chunk is None:
            p.Parse(DOC, True)
        else:
            for i in range(0, len(DOC), chunk):
                p.Parse(DOC[i:i + chunk], False)
            p.Parse(b"", True)
        if chunk is None or chunk == 7:
            print("sep", sep, "chunk", chunk)
            for o in out:
                if chunk is None:
                    print(" ", o)
        # Character data is split differently by chunks: compare the rest.
        joined = [o[:2] for o in out if o[0] != 'CharacterData']
        text = ''.join(o[1][0] for o in out if o[0] == 'CharacterData')
        print(" events", len(joined), "text", repr(text))

# buffer_text joins character data.
p = expat.ParserCreate()
p.buffer_text = True
got = []
p.CharacterDataHandler = got.append
p.StartElementHandler = lambda n, a: got.append(('start', n, a))
for piece in [b"<r>ab", b"c&amp;d\nef", b"<x/>gh", b"</r>"]:
    p.Parse(piece)
p.Parse(b"", True)
print(got, p.buffer_used, p.buffer_size)

# ordered and specified attributes, namespace_prefixes.
p = expat.ParserCreate(namespace_separator=' ')
p.ordered_attributes = True
p.namespace_prefixes = True
p.StartElementHandler = lambda n, a: print("start", n, a)
p.Parse(b"<r xmlns:p='urn:p' p:b='1' a='2'><p:c/></r>", True)

# DefaultHandler sees markup no other handler takes.
p = expat.ParserCreate()
seen = []
p.DefaultHandler = seen.append
p.StartElementHandler = lambda n, a: seen.append(('start', n))
p.Parse(b"<?xml version='1.0'?>\n<r><!--c--><?pi x?>a&amp;b</r>", True)
print(seen)

# Errors: code, message and position.
cases = [b"", b"<a", b"<a></b>", b"<a/><b/>", b"junk", b"<a>&nope;</a>",
         b"<a x='1' x='2'/>", b"<a>\n  <b>\xc3\xa9<</b></a>", b"<a><!-- x -- y --></a>",
         b"<a>&#0;</a>", b"<a><![CDATA[x</a>", b" <?xml version='1.0'?><a/>",
         b"<p:a/>", b"<a>]]></a>"]
for c in cases:
    p = expat.ParserCreate(namespace_separator='!' if b'p:' in c else None)
    try:
        p.Parse(c, True)
        print("ok", c)
    except expat.ExpatError as e:
        print(c, e.code, e, e.lineno, e.offset, p.ErrorCode, p.ErrorLineNumber,
              p.ErrorColumnNumber, expat.ErrorString(e.code) == expat.errors.messages[e.code])

# A handler's exception propagates out of Parse.
p = expat.ParserCreate()
def boom(name, attrs):
    raise KeyError(name)
p.StartElementHandler = boom
try:
    p.Parse(b"<root/>", True)
except KeyError as e:
    print("KeyError", e)

# Parsing after the end.
p = expat.ParserCreate()
p.Parse(b"<a/>", True)
try:
    p.Parse(b"", True)
except expat.ExpatError as e:
    print(e.code, e)

# Encodings: declared, a byte order mark, given to ParserCreate, str input.
for data, enc in [('<?xml version="1.0" encoding="iso-8859-1"?><a>\xe9</a>'.encode('latin-1'), None),
                  ('<a>\u20ac</a>'.encode('utf-16'), None),
                  ('<a>\xe9</a>'.encode('latin-1'), 'iso-8859-1'),
                  ('<a>\u20ac</a>', None)]:
    p = expat.ParserCreate(enc)
    p.CharacterDataHandler = lambda d: print(repr(d))
    p.Parse(data, True)

print(expat.version_info, expat.EXPAT_VERSION, expat.native_encoding)
print(expat.errors.XML_ERROR_SYNTAX, expat.errors.codes[expat.errors.XML_ERROR_TAG_MISMATCH])
print(expat.model.XML_CTYPE_SEQ, expat.model.XML_CQUANT_PLUS)
print(pyexpat.ExpatError is expat.error, expat.ExpatError.__module__)
try:
    expat.ParserCreate(namespace_separator='ab')
except ValueError as e:
    print(e)
try:
    expat.ParserCreate().nonexistent = 1
except AttributeError as e:
    print(e)

# A namespace URI holding the separator is refused when the separator is
# not a URI character; names that are not UTF-8 are not well-formed.
for sep, doc in [(' ', b'<a xmlns="urn:x y"/>'), ('!', b'<a xmlns="urn:x!y"/>'),
                 (None, b'<fran\xe7ais/>'), (None, b'<a>\xe7a</a>')]:
    p = expat.ParserCreate(namespace_separator=sep)
    try:
        p.Parse(doc, True)
        print("ok", doc)
    except expat.ExpatError as e:
        print(doc, e.code, e)

# GetInputContext: the input from the current event on, inside handlers.
p = expat.ParserCreate()
print(p.GetInputContext())
p.StartElementHandler = lambda n, a: print(n, p.GetInputContext())
p.Parse(b"<a><b x='1'/>", False)
p.Parse(b"<c/></a>", True)
print(p.GetInputContext())
