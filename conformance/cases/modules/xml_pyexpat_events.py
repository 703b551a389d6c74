# pyexpat's handlers across the common events (character data, start and
# end tags) and the rarer ones around them, with handlers and settings
# changed while a document is being parsed.
import pyexpat

DOC = (b'<?xml version="1.0"?>\n'
       b'<root a="1" b="two">text &amp; more<x:item xmlns:x="urn:x" x:k="v" k="w">'
       b'<x:sub/>tail</x:item><!-- note --><plain>'
       b'<inner xmlns="urn:default" q="1"><deep/></inner>'
       b'</plain><?pi data?><![CDATA[raw <stuff>]]>' + b'y' * 50 + b'</root>')


def run(label, sep=None, ordered=False, buffer_text=False, buffer_size=None,
        prefixes=False, intern=None, default=False, chunk=None, doc=DOC):
    out = []
    kw = {} if intern is None else {'intern': intern}
    p = pyexpat.ParserCreate(None, sep, **kw)
    p.ordered_attributes = ordered
    p.buffer_text = buffer_text
    if buffer_size is not None:
        p.buffer_size = buffer_size
    if sep is not None:
        p.namespace_prefixes = prefixes

    def start(name, attrs):
        out.append(('start', name, attrs, p.CurrentLineNumber, p.CurrentColumnNumber,
                    p.CurrentByteIndex))

    def end(name):
        out.append(('end', name, p.CurrentByteIndex))

    def data(text):
        out.append(('data', text))

    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = data
    p.StartNamespaceDeclHandler = lambda prefix, uri: out.append(('ns+', prefix, uri))
    p.EndNamespaceDeclHandler = lambda prefix: out.append(('ns-', prefix))
    p.CommentHandler = lambda text: out.append(('comment', text))
    p.ProcessingInstructionHandler = lambda t, d: out.append(('pi', t, d))
    if default:
        p.DefaultHandlerExpand = lambda text: out.append(('default', text))
    if chunk:
        for i in range(0, len(doc), chunk):
            p.Parse(doc[i:i + chunk], False)
        p.Parse(b'', True)
    else:
        p.Parse(doc, True)
    print(label)
    for e in out:
        print('  ', e)
    return out


run('plain')
run('ordered, buffered', ordered=True, buffer_text=True)
run('namespaces', sep='}')
run('namespaces, prefixes, ordered', sep='|', prefixes=True, ordered=True)
run('empty separator', sep='')
run('small buffer', buffer_text=True, buffer_size=8)
run('default handler', default=True)
# (Without the CDATA section: egret reports a CDATA section split between
# two Parse calls in one piece, expat in two.)
run('chunked', sep='}', buffer_text=True, chunk=7,
    doc=DOC.replace(b'<![CDATA[raw <stuff>]]>', b''))
names = {}
run('intern', intern=names)
print(sorted(names))
run('no intern', intern=None)

# Handlers changed by a handler.
p = pyexpat.ParserCreate()
seen = []


def start2(name, attrs):
    seen.append(('start', name))
    if name == 'b':
        p.CharacterDataHandler = None
        p.StartElementHandler = None
        p.EndElementHandler = lambda n: seen.append(('end2', n))


p.StartElementHandler = start2
p.EndElementHandler = lambda n: seen.append(('end', n))
p.CharacterDataHandler = lambda t: seen.append(('data', t))
p.Parse(b'<a>one<b>two<c>three</c></b>four</a>', True)
print(seen)

# Buffered text switched off mid-document flushes what is buffered.
p = pyexpat.ParserCreate()
seen = []
p.buffer_text = True


def start3(name, attrs):
    seen.append(('start', name, p.buffer_used))
    if name == 'b':
        p.buffer_text = False


p.StartElementHandler = start3
p.CharacterDataHandler = lambda t: seen.append(('data', t))
p.Parse(b'<a>one<b>two</b>three&amp;four</a>', True)
print(seen)

# An exception from a handler stops the parse; the parser reports it.
p = pyexpat.ParserCreate()


def boom(name, attrs):
    if name == 'b':
        raise ValueError('stop at ' + name)


p.StartElementHandler = boom
try:
    p.Parse(b'<a><b/><c/></a>', True)
except ValueError as e:
    print('raised', e)

# Errors still come from the right place.
for doc in (b'<a><x:b/></a>', b'<a x:y="1"/>', b'<a xmlns:x="u" x:k="1" x:k="2"/>',
            b'<a><b></a>'):
    p = pyexpat.ParserCreate(None, '}')
    p.StartElementHandler = lambda n, a: None
    try:
        p.Parse(doc, True)
    except pyexpat.ExpatError as e:
        print('error', e.code, e)

# An attribute default declared in the DTD.
p = pyexpat.ParserCreate()
seen = []
p.StartElementHandler = lambda n, a: seen.append((n, a))
p.Parse(b'<!DOCTYPE a [<!ATTLIST a d CDATA "dflt">]><a x="1"><a d="set"/></a>', True)
print(seen)
p = pyexpat.ParserCreate()
p.specified_attributes = True
seen = []
p.StartElementHandler = lambda n, a: seen.append((n, a))
p.Parse(b'<!DOCTYPE a [<!ATTLIST a d CDATA "dflt">]><a x="1"/>', True)
print(seen)
