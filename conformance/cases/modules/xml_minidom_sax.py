# minidom (expatbuilder) and xml.sax's expat reader over pyexpat.
import io
import xml.dom.minidom as minidom
import xml.sax
import xml.sax.handler
import plistlib

doc = minidom.parseString(b"<?xml version='1.0'?><!DOCTYPE r><r a='1'><c>t&amp;u</c><!--x--><d xmlns='urn:d'/></r>")
print(doc.toxml())
print(doc.documentElement.getAttribute('a'), doc.doctype.name)
print([n.nodeName for n in doc.documentElement.childNodes])
print(doc.getElementsByTagName('c')[0].firstChild.data)
print(doc.documentElement.toprettyxml(indent='  '))
try:
    minidom.parseString("<r><x></r>")
except Exception as e:
    print(type(e).__name__, e)

class H(xml.sax.handler.ContentHandler):
    def startElement(self, name, attrs):
        print("start", name, dict(attrs))
    def endElement(self, name):
        print("end", name)
    def characters(self, data):
        print("chars", repr(data))
    def processingInstruction(self, target, data):
        print("pi", target, data)

xml.sax.parseString(b"<r x='1'>a<b>c</b><?p d?></r>", H())

class NS(xml.sax.handler.ContentHandler):
    def startElementNS(self, name, qname, attrs):
        print("startNS", name, qname, dict(attrs))
    def startPrefixMapping(self, prefix, uri):
        print("prefix", prefix, uri)

p = xml.sax.make_parser()
p.setFeature(xml.sax.handler.feature_namespaces, True)
p.setContentHandler(NS())
p.parse(io.BytesIO(b"<r xmlns='urn:a' xmlns:q='urn:q' q:z='1'><q:s/></r>"))

try:
    xml.sax.parseString(b"<r>", H())
except xml.sax.SAXParseException as e:
    print("SAXParseException", e, e.getLineNumber(), e.getColumnNumber())

pl = {'a': 1, 'b': [1.5, 'x', True], 'c': {'d': b'bytes'}}
data = plistlib.dumps(pl)
print(data.decode())
print(plistlib.loads(data))

