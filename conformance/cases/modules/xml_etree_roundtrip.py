# ElementTree over pyexpat: parse, iterparse, XMLPullParser fed in chunks,
# namespaces, tostring round trips, errors.
import io
import xml.etree.ElementTree as ET

src = """<?xml version="1.0"?>
<!DOCTYPE catalog PUBLIC "-//cat" "cat.dtd">
<catalog xmlns="urn:default" xmlns:x="urn:x">
  <!-- books -->
  <book id="b1" x:lang="en">
    <title>Caf\u00e9 &amp; Cr\u00e8me</title>
    <price cur="EUR">12.50</price>
  </book>
  <book id="b2"><title><![CDATA[<odd> & stuff]]></title></book>
  <?proc data?>
</catalog>"""

root = ET.fromstring(src)
print(root.tag, root.attrib)
for b in root.iter('{urn:default}book'):
    print(b.get('id'), b.attrib, b.find('{urn:default}title').text)
print(ET.tostring(root, encoding='unicode'))
print(ET.tostring(root))

tree = ET.parse(io.BytesIO(src.encode('utf-8')))
print(tree.getroot().tag, len(tree.getroot()))

for event, elem in ET.iterparse(io.BytesIO(src.encode()), events=('start', 'end', 'start-ns', 'end-ns', 'comment', 'pi')):
    if event in ('start', 'end'):
        print(event, elem.tag)
    else:
        print(event, elem if not hasattr(elem, 'tag') else (elem.tag.__name__, elem.text))

p = ET.XMLPullParser(events=('start', 'end'))
data = src.encode('utf-8')
for i in range(0, len(data), 5):
    p.feed(data[i:i + 5])
    for ev, el in p.read_events():
        print(i, ev, el.tag)
p.close()

tb = ET.TreeBuilder(insert_comments=True, insert_pis=True)
parser = ET.XMLParser(target=tb)
parser.feed("<a><!--c--><?p q?>t</a>")
r = parser.close()
print(ET.tostring(r))

for bad in ["<a>", "<a></b>", "<a>&foo;</a>", "foo", "<a/><b/>"]:
    try:
        ET.fromstring(bad)
    except ET.ParseError as e:
        print(repr(bad), e, e.code, e.position)

print(ET.tostring(ET.fromstring("<r a='&lt;&quot;\t\n'>x&#10;y</r>")))
print(ET.canonicalize("<r b='2' a='1'><c/></r>"))
