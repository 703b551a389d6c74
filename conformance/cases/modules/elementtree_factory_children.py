# A tree builder whose element factory makes something other than an
# Element: adding it under an Element is a TypeError, as in CPython.
import xml.etree.ElementTree as ET

made = []
def factory(tag, attrib):
    made.append(tag)
    return ET.Element(tag, attrib) if len(made) == 1 else [tag]

b = ET.TreeBuilder(element_factory=factory)
root = b.start('r', {})
try:
    b.start('c', {})
except TypeError as e:
    print('TypeError', e)
print(made, len(root), [x.tag for x in root.iter()], root.find('c'))
