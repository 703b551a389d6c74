# The C accelerator of xml.etree.ElementTree (_elementtree): elements,
# SubElement, the tree builder, iteration, copying, pickling and the
# errors of bad arguments.
import copy
import io
import pickle
import xml.etree.ElementTree as ET

root = ET.Element('root', {'a': '1'}, b='2')
print(root.tag, sorted(root.attrib.items()), root.text, root.tail, len(root))
kid = ET.SubElement(root, 'kid', attrib={'x': 'y'})
kid.text = 'hello'
kid.tail = ' after '
for i in range(3):
    ET.SubElement(root, 'item', n=str(i)).text = 'v%d' % i
print(ET.tostring(root))
print([e.tag for e in root], [e.get('n') for e in root.iter('item')])
print(list(root.itertext()))
print(root.find('item').get('n'), root.findtext('kid'), root.findtext('none', 'dflt'))
print(len(root.findall('item')), len(root.findall('.//item')), [e.tag for e in root.iterfind('*')])
print(root[1].get('n'), root[-1].text, [e.get('n') for e in root[1:3]])
root[0:1] = [ET.Element('new')]
del root[-1]
root.insert(1, ET.Element('ins'))
print([e.tag for e in root])
try:
    root[0:4:2] = [ET.Element('x')]
except ValueError as e:
    print('ValueError', e)
for bad in (lambda: root.append('s'), lambda: root.extend([1]), lambda: root.insert(0, None),
            lambda: ET.SubElement('p', 't'), lambda: ET.Element('t', 5), lambda: root[99],
            lambda: root.remove(ET.Element('zzz'))):
    try:
        bad()
    except (TypeError, IndexError, ValueError) as e:
        print(type(e).__name__, e)

c = copy.copy(root)
print(c.attrib is root.attrib, [e.tag for e in c] == [e.tag for e in root], type(c).__name__)
d = copy.deepcopy(root)
print(d.attrib is root.attrib, d.attrib == root.attrib, d[0] is root[0], ET.tostring(d) == ET.tostring(root))
p = pickle.loads(pickle.dumps(root))
print(ET.tostring(p) == ET.tostring(root))
m = root.makeelement('made', {'k': 'v'})
print(m.tag, m.attrib, len(m))
root.clear()
print(root.tag, root.attrib, root.text, len(root))

class Mine(ET.Element):
    def __init__(self, tag, **kw):
        super().__init__(tag, **kw)
        self.note = 'noted'
    @property
    def upper(self):
        return self.tag.upper()

x = Mine('mine', q='1')
x.text = 'some text'
print(x.note, x.upper, x.attrib, x.text, isinstance(x, ET.Element), type(x).__name__)

events = []
class Target:
    def start(self, tag, attrib):
        events.append(('start', tag, attrib))
    def end(self, tag):
        events.append(('end', tag))
    def data(self, text):
        events.append(('data', text))
    def close(self):
        return 'closed'
parser = ET.XMLParser(target=Target())
parser.feed('<a x="1">t<b/>u</a>')
print(parser.close(), events)

tb = ET.TreeBuilder()
tb.start('r', {})
tb.data('one')
tb.data('two')
tb.start('s', {'k': 'v'})
tb.end('s')
tb.data('tail')
tb.end('r')
r = tb.close()
print(ET.tostring(r))
tb = ET.TreeBuilder(insert_comments=True, insert_pis=True)
tb.start('r', {})
tb.comment('note')
tb.data('after comment')
tb.pi('target', 'data')
tb.end('r')
print(ET.tostring(tb.close()))

doc = ET.fromstring('<doc xmlns:p="urn:p"><p:x>1</p:x><y a="&amp;"/><!-- c --></doc>')
print([e.tag for e in doc.iter()], doc.find('{urn:p}x').text, doc.find('{*}x').text)
out = [(ev, el.tag) for ev, el in ET.iterparse(io.BytesIO(b'<a><b><c/></b></a>'), ('start', 'end'))]
print(out)
t = ET.ElementTree(ET.fromstring('<a><b>1</b><b>2</b></a>'))
buf = io.BytesIO()
t.write(buf, encoding='utf-8', xml_declaration=True)
print(buf.getvalue())
deep = ET.Element('d0')
cur = deep
for i in range(1, 2000):
    cur = ET.SubElement(cur, 'd%d' % i)
print(sum(1 for _ in deep.iter()), cur.tag)
del deep, cur
