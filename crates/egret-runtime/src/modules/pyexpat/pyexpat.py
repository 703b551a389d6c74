# egret's pyexpat: the parser object over the native tokenizer `_scanner`
# (see mod.rs). Run once in the module's namespace at first import.

import sys as _sys

EXPAT_VERSION = 'expat_2.5.0'
version_info = (2, 5, 0)
native_encoding = 'UTF-8'
features = [('sizeof(XML_Char)', 1), ('sizeof(XML_LChar)', 1), ('XML_DTD', 0),
            ('XML_CONTEXT_BYTES', 1024), ('XML_NS', 0)]
XML_PARAM_ENTITY_PARSING_NEVER = 0
XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE = 1
XML_PARAM_ENTITY_PARSING_ALWAYS = 2

_ERRORS = [
    ('XML_ERROR_NO_MEMORY', 'out of memory'),
    ('XML_ERROR_SYNTAX', 'syntax error'),
    ('XML_ERROR_NO_ELEMENTS', 'no element found'),
    ('XML_ERROR_INVALID_TOKEN', 'not well-formed (invalid token)'),
    ('XML_ERROR_UNCLOSED_TOKEN', 'unclosed token'),
    ('XML_ERROR_PARTIAL_CHAR', 'partial character'),
    ('XML_ERROR_TAG_MISMATCH', 'mismatched tag'),
    ('XML_ERROR_DUPLICATE_ATTRIBUTE', 'duplicate attribute'),
    ('XML_ERROR_JUNK_AFTER_DOC_ELEMENT', 'junk after document element'),
    ('XML_ERROR_PARAM_ENTITY_REF', 'illegal parameter entity reference'),
    ('XML_ERROR_UNDEFINED_ENTITY', 'undefined entity'),
    ('XML_ERROR_RECURSIVE_ENTITY_REF', 'recursive entity reference'),
    ('XML_ERROR_ASYNC_ENTITY', 'asynchronous entity'),
    ('XML_ERROR_BAD_CHAR_REF', 'reference to invalid character number'),
    ('XML_ERROR_BINARY_ENTITY_REF', 'reference to binary entity'),
    ('XML_ERROR_ATTRIBUTE_EXTERNAL_ENTITY_REF', 'reference to external entity in attribute'),
    ('XML_ERROR_MISPLACED_XML_PI', 'XML or text declaration not at start of entity'),
    ('XML_ERROR_UNKNOWN_ENCODING', 'unknown encoding'),
    ('XML_ERROR_INCORRECT_ENCODING', 'encoding specified in XML declaration is incorrect'),
    ('XML_ERROR_UNCLOSED_CDATA_SECTION', 'unclosed CDATA section'),
    ('XML_ERROR_EXTERNAL_ENTITY_HANDLING', 'error in processing external entity reference'),
    ('XML_ERROR_NOT_STANDALONE', 'document is not standalone'),
    ('XML_ERROR_UNEXPECTED_STATE', 'unexpected parser state - please send a bug report'),
    ('XML_ERROR_ENTITY_DECLARED_IN_PE', 'entity declared in parameter entity'),
    ('XML_ERROR_FEATURE_REQUIRES_XML_DTD', 'requested feature requires XML_DTD support in Expat'),
    ('XML_ERROR_CANT_CHANGE_FEATURE_ONCE_PARSING', 'cannot change setting once parsing has begun'),
    ('XML_ERROR_UNBOUND_PREFIX', 'unbound prefix'),
    ('XML_ERROR_UNDECLARING_PREFIX', 'must not undeclare prefix'),
    ('XML_ERROR_INCOMPLETE_PE', 'incomplete markup in parameter entity'),
    ('XML_ERROR_XML_DECL', 'XML declaration not well-formed'),
    ('XML_ERROR_TEXT_DECL', 'text declaration not well-formed'),
    ('XML_ERROR_PUBLICID', 'illegal character(s) in public id'),
    ('XML_ERROR_SUSPENDED', 'parser suspended'),
    ('XML_ERROR_NOT_SUSPENDED', 'parser not suspended'),
    ('XML_ERROR_ABORTED', 'parsing aborted'),
    ('XML_ERROR_FINISHED', 'parsing finished'),
    ('XML_ERROR_SUSPEND_PE', 'cannot suspend in external parameter entity'),
    ('XML_ERROR_RESERVED_PREFIX_XML', 'reserved prefix (xml) must not be undeclared or bound to another namespace name'),
    ('XML_ERROR_RESERVED_PREFIX_XMLNS', 'reserved prefix (xmlns) must not be declared or undeclared'),
    ('XML_ERROR_RESERVED_NAMESPACE_URI', 'prefix must not be bound to one of the reserved namespace names'),
    ('XML_ERROR_INVALID_ARGUMENT', 'invalid argument'),
    ('XML_ERROR_NO_BUFFER', 'a successful prior call to function XML_GetBuffer is required'),
    ('XML_ERROR_AMPLIFICATION_LIMIT_BREACH', 'limit on input amplification factor (from DTD and entities) breached'),
]


class ExpatError(Exception):
    pass


ExpatError.__module__ = 'xml.parsers.expat'
error = ExpatError

_Module = type(_sys)
errors = _Module('pyexpat.errors')
errors.__doc__ = 'Constants used to describe error conditions.'
errors.codes = {}
errors.messages = {}
for _i, (_name, _msg) in enumerate(_ERRORS, 1):
    setattr(errors, _name, _msg)
    errors.codes[_msg] = _i
    errors.messages[_i] = _msg

model = _Module('pyexpat.model')
model.__doc__ = 'Constants used to interpret content model information.'
model.XML_CTYPE_EMPTY = 1
model.XML_CTYPE_ANY = 2
model.XML_CTYPE_MIXED = 3
model.XML_CTYPE_NAME = 4
model.XML_CTYPE_CHOICE = 5
model.XML_CTYPE_SEQ = 6
model.XML_CQUANT_NONE = 0
model.XML_CQUANT_OPT = 1
model.XML_CQUANT_REP = 2
model.XML_CQUANT_PLUS = 3


def ErrorString(code):
    """Returns string error for given number."""
    if 1 <= code <= len(_ERRORS):
        return _ERRORS[code - 1][1]
    return None


_HANDLER_NAMES = (
    'StartElementHandler', 'EndElementHandler', 'ProcessingInstructionHandler',
    'CharacterDataHandler', 'UnparsedEntityDeclHandler', 'NotationDeclHandler',
    'StartNamespaceDeclHandler', 'EndNamespaceDeclHandler', 'CommentHandler',
    'StartCdataSectionHandler', 'EndCdataSectionHandler', 'DefaultHandler',
    'DefaultHandlerExpand', 'NotStandaloneHandler', 'ExternalEntityRefHandler',
    'StartDoctypeDeclHandler', 'EndDoctypeDeclHandler', 'EntityDeclHandler',
    'XmlDeclHandler', 'ElementDeclHandler', 'AttlistDeclHandler',
    'SkippedEntityHandler',
)
_SETTABLE = frozenset(_HANDLER_NAMES) | frozenset((
    'buffer_text', 'buffer_size', 'ordered_attributes', 'specified_attributes',
    'namespace_prefixes'))
_URI_CHARS = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
                       "-._~:/?#[]@!$&'()*+,;=%")
_XML_NS = 'http://www.w3.org/XML/1998/namespace'
_XMLNS_NS = 'http://www.w3.org/2000/xmlns/'
_UTF8 = ('utf-8', 'utf8', 'us-ascii', 'ascii')

_START, _END, _CHARS, _PI, _COMMENT, _XMLDECL, _SDOCTYPE, _EDOCTYPE = range(8)
_SCDATA, _ECDATA, _ENTITY, _NOTATION, _SKIPPED, _EXTREF, _ELEMENT, _ATTLIST, _OUTSIDE, _PEREF = range(8, 18)


class _Stop(Exception):
    pass


def _encoding_of(head):
    # The encoding the XML declaration at the start of `head` names.
    end = head.find(b'?>')
    decl = head[:end].decode('latin-1')
    i = decl.find('encoding')
    if i < 0:
        return None
    rest = decl[i + 8:].lstrip()
    if not rest.startswith('='):
        return None
    rest = rest[1:].lstrip()
    if not rest or rest[0] not in '"\'':
        return None
    j = rest.find(rest[0], 1)
    if j < 0:
        return None
    return rest[1:j]


class xmlparser:
    """XML parser"""

    def __init__(self, encoding, namespace_separator, intern):
        d = self.__dict__
        for n in _HANDLER_NAMES:
            d[n] = None
        d['_buffer_text'] = False
        d['_buffer_size'] = 8192
        d['_buffer'] = []
        d['_buffer_used'] = 0
        d['ordered_attributes'] = False
        d['specified_attributes'] = False
        d['_namespace_prefixes'] = False
        d['intern'] = intern
        d['_sep'] = namespace_separator
        d['_encoding'] = encoding
        d['_scanner'] = _scanner()
        d['_decided'] = False
        d['_decoder'] = None
        d['_pending'] = b''
        d['_finished'] = False
        d['_error'] = None
        d['_error_code'] = 0
        d['_error_pos'] = (1, 0, -1)
        d['_pos'] = None
        d['_end_pos'] = (1, 0, -1)
        d['_ns'] = [{'xml': _XML_NS}]
        d['_ns_decls'] = []
        d['_attdefaults'] = {}
        d['_base'] = None
        d['_foreign_dtd'] = False
        d['_started'] = False
        d['_in_handler'] = False
        d['_param_parsing'] = 0
        d['_any_input'] = False
        d['_ctx'] = None
        d['_ctx_base'] = 0
        d['_standalone'] = -1
        d['_doctype_ids'] = None

    def __repr__(self):
        return '<pyexpat.xmlparser object at %#x>' % id(self)

    def __setattr__(self, name, value):
        if not isinstance(name, str):
            raise TypeError("attribute name must be string, not '%s'" % type(name).__name__)
        if name in _HANDLER_NAMES:
            self._flush()
            self.__dict__[name] = value
        elif name == 'buffer_text':
            if not value:
                self._flush()
            self.__dict__['_buffer_text'] = bool(value)
        elif name == 'buffer_size':
            if not isinstance(value, int):
                raise TypeError('buffer_size must be an integer')
            if value <= 0:
                raise ValueError('buffer_size must be greater than zero')
            if value > 2147483647:
                raise ValueError('buffer_size must not be greater than %d' % 2147483647)
            self._flush()
            self.__dict__['_buffer_size'] = value
        elif name in ('ordered_attributes', 'specified_attributes'):
            self.__dict__[name] = bool(value)
        elif name == 'namespace_prefixes':
            self.__dict__['_namespace_prefixes'] = bool(value)
        elif name in ('ErrorCode', 'ErrorLineNumber', 'ErrorColumnNumber', 'ErrorByteIndex',
                      'CurrentLineNumber', 'CurrentColumnNumber', 'CurrentByteIndex',
                      'buffer_used', 'intern'):
            raise AttributeError("readonly attribute")
        else:
            raise AttributeError("'pyexpat.xmlparser' object has no attribute '%s'" % name)

    def __delattr__(self, name):
        if name in _HANDLER_NAMES:
            self.__dict__[name] = None
            return
        raise AttributeError("cannot delete attribute")

    def __dir__(self):
        return sorted(set(_HANDLER_NAMES) | {
            'ErrorCode', 'ErrorLineNumber', 'ErrorColumnNumber', 'ErrorByteIndex',
            'CurrentLineNumber', 'CurrentColumnNumber', 'CurrentByteIndex',
            'buffer_text', 'buffer_size', 'buffer_used', 'ordered_attributes',
            'specified_attributes', 'namespace_prefixes', 'intern', 'Parse',
            'ParseFile', 'SetBase', 'GetBase', 'GetInputContext',
            'ExternalEntityParserCreate', 'SetParamEntityParsing', 'UseForeignDTD'})

    # ----- attributes -----

    @property
    def buffer_text(self):
        return self._buffer_text

    @property
    def buffer_size(self):
        return self._buffer_size

    @property
    def buffer_used(self):
        return self._buffer_used

    @property
    def namespace_prefixes(self):
        return self._namespace_prefixes

    @property
    def ErrorCode(self):
        return self._error_code

    # expat's error position is its current position.
    @property
    def ErrorLineNumber(self):
        return self._current()[0]

    @property
    def ErrorColumnNumber(self):
        return self._current()[1]

    @property
    def ErrorByteIndex(self):
        return self._current()[2]

    def _current(self):
        if self._pos is not None:
            return self._pos
        return self._end_pos

    @property
    def CurrentLineNumber(self):
        return self._current()[0]

    @property
    def CurrentColumnNumber(self):
        return self._current()[1]

    @property
    def CurrentByteIndex(self):
        return self._current()[2]

    # ----- methods -----

    def SetBase(self, base):
        self.__dict__['_base'] = base

    def GetBase(self):
        return self._base

    def GetInputContext(self):
        # The input from the current event on (None outside handlers).
        if self._pos is None or self._ctx is None:
            return None
        return self._ctx[max(self._pos[2] - self._ctx_base, 0):]

    def SetParamEntityParsing(self, flag):
        self.__dict__['_param_parsing'] = flag
        return 1

    def UseForeignDTD(self, flag=True):
        if self._started:
            self._raise_code(26)
        self.__dict__['_foreign_dtd'] = bool(flag)

    def ExternalEntityParserCreate(self, context, encoding=None):
        if context is not None and not isinstance(context, str):
            raise TypeError('ExternalEntityParserCreate() argument 1 must be str or None, not %s'
                            % type(context).__name__)
        p = _new(xmlparser)
        p.__init__(encoding, self._sep, self.intern)
        d = p.__dict__
        for n in _HANDLER_NAMES:
            d[n] = self.__dict__[n]
        for n in ('_buffer_text', '_buffer_size', 'ordered_attributes',
                  'specified_attributes', '_namespace_prefixes', '_base',
                  '_attdefaults'):
            d[n] = self.__dict__[n]
        d['_ns'] = [dict(scope) for scope in self._ns]
        p._scanner.fragment()
        return p

    def ParseFile(self, file):
        read = file.read
        while True:
            data = read(2048)
            if not isinstance(data, (bytes, bytearray, str)):
                raise TypeError('read() did not return a bytes object (type=%.400s)'
                                % type(data).__name__)
            if not data:
                break
            self.Parse(data, False)
        return self.Parse(b'', True)

    def Parse(self, data, isfinal=False):
        if isinstance(data, str):
            if not self._decided:
                self.__dict__['_decided'] = True
                self.__dict__['_decoder'] = None
            data = data.encode('utf-8', 'surrogatepass')
        elif not isinstance(data, (bytes, bytearray)):
            data = memoryview(data).tobytes()
        else:
            data = bytes(data)
        isfinal = bool(isfinal)
        if data:
            self.__dict__['_any_input'] = True
        if self._error is not None:
            self._raise_error(*self._error)
        if self._finished:
            self._raise_code(36)
        self.__dict__['_started'] = True
        if not self._decided:
            data = self._pending + data
            if not self._decide(data, isfinal):
                self.__dict__['_pending'] = data
                return 1
            self.__dict__['_pending'] = b''
            if data.startswith(b'\xef\xbb\xbf'):
                data = data[3:]
                self.__dict__['_skipped'] = 3
        if self._decoder is not None:
            data = self._decoder.decode(data, isfinal).encode('utf-8', 'surrogatepass')
        events, err, consumed = self._scanner.feed(data, isfinal, self._wants_raw())
        tail = self.__dict__.get('_tail', b'')
        ctx = tail + data
        self.__dict__['_ctx'] = ctx
        base = self._ctx_base
        self.__dict__['_tail'] = ctx[consumed - base:]
        try:
            _dispatch_events(self, events)
        except BaseException:
            self.__dict__['_pos'] = None
            self.__dict__['_buffer'] = []
            self.__dict__['_buffer_used'] = 0
            raise
        self.__dict__['_pos'] = None
        self.__dict__['_ctx'] = None
        self.__dict__['_ctx_base'] = consumed
        if err is not None:
            self.__dict__['_buffer'] = []
            self.__dict__['_buffer_used'] = 0
            code, pos, line, col = err
            self.__dict__['_error'] = (code, line, col, pos)
            self._raise_error(code, line, col, pos)
        line, col = self._scanner.position()
        self.__dict__['_end_pos'] = (line, col, consumed)
        self._flush()
        if isfinal:
            self.__dict__['_finished'] = True
        return 1

    def _decide(self, data, isfinal):
        # Chooses how bytes are decoded: the encoding given to ParserCreate,
        # else a byte order mark, else the XML declaration's.
        enc = self._encoding
        if enc is None:
            if data[:2] in (b'\xff\xfe', b'\xfe\xff'):
                enc = 'utf-16'
            elif data.startswith(b'\xef\xbb\xbf'):
                enc = 'utf-8'
            elif data[:2] == b'<\x00':
                enc = 'utf-16-le'
            elif data[:2] == b'\x00<':
                enc = 'utf-16-be'
            elif len(data) < 2 and not isfinal:
                return False
            else:
                head = data
                if len(head) < 5 and b'<?xml'.startswith(head) and not isfinal:
                    return False
                if head.startswith(b'<?xml'):
                    if b'?>' not in head:
                        if not isfinal and len(head) < 4096:
                            return False
                    else:
                        enc = _encoding_of(head)
        self.__dict__['_decided'] = True
        if enc is not None and enc.lower().replace('_', '-') not in _UTF8:
            import codecs
            self.__dict__['_decoder'] = codecs.getincrementaldecoder(enc)()
        return True

    def _wants_raw(self):
        return self.DefaultHandler is not None or self.DefaultHandlerExpand is not None

    def _raise_code(self, code):
        line, col, pos = self._end_pos
        self._raise_error(code, line, col, pos)

    def _raise_error(self, code, line, col, pos):
        self.__dict__['_error_code'] = code
        if pos == 0 and not self._any_input:
            pos = -1
        self.__dict__['_pos'] = None
        self.__dict__['_end_pos'] = (line, col, pos)
        e = ExpatError('%s: line %d, column %d' % (ErrorString(code), line, col))
        e.code = code
        e.lineno = line
        e.offset = col
        raise e

    # ----- character data buffering -----

    def _flush(self):
        buf = self.__dict__['_buffer']
        if buf:
            data = ''.join(buf)
            self.__dict__['_buffer'] = []
            self.__dict__['_buffer_used'] = 0
            h = self.CharacterDataHandler
            if h is not None:
                h(data)

    def _chars(self, data):
        if self._decoder is not None and len(data) > 1024:
            # expat converts other encodings through a 1024-unit buffer:
            # character data comes in pieces of at most that.
            for i in range(0, len(data), 1024):
                self._chars(data[i:i + 1024])
            return
        if not self._buffer_text:
            self.CharacterDataHandler(data)
            return
        n = len(data)
        if self._buffer_used + n > self._buffer_size:
            self._flush()
            if self.CharacterDataHandler is None:
                return
        if n > self._buffer_size:
            self.CharacterDataHandler(data)
            return
        self._buffer.append(data)
        self.__dict__['_buffer_used'] = self._buffer_used + n

    # ----- dispatch -----

    def _default(self, raw, expanded=None):
        h = self.DefaultHandler
        if h is not None:
            if raw:
                self._flush()
                h(raw)
            return
        h = self.DefaultHandlerExpand
        if h is not None:
            text = raw if expanded is None else expanded
            if text:
                self._flush()
                h(text)

    def _name(self, qname, is_attr):
        # A namespace-expanded name (None: unbound prefix).
        sep = self._sep
        prefix, colon, local = qname.partition(':')
        if not colon:
            if is_attr:
                return qname
            uri = self._lookup(None)
            if not uri:
                return qname
            return uri + sep + qname
        uri = self._lookup(prefix)
        if uri is None:
            return None
        if self._namespace_prefixes:
            return uri + sep + local + sep + prefix
        return uri + sep + local

    def _lookup(self, prefix):
        for scope in reversed(self._ns):
            if prefix in scope:
                return scope[prefix]
        return None

    def _start(self, name, attrs, ev):
        defaults = self._attdefaults.get(name)
        nspec = len(attrs) // 2
        if defaults and not self.specified_attributes:
            present = set(attrs[0::2])
            for aname, value in defaults:
                if aname not in present:
                    attrs.append(aname)
                    attrs.append(value)
        if self._sep is not None:
            scope = {}
            decls = []
            plain = []
            for i in range(0, len(attrs), 2):
                an = attrs[i]
                if an == 'xmlns' or an.startswith('xmlns:'):
                    prefix = an[6:] or None
                    uri = attrs[i + 1] or None
                    if prefix == 'xmlns':
                        return self._ns_error(39, ev)
                    if prefix == 'xml' and uri != _XML_NS:
                        return self._ns_error(38, ev)
                    if prefix is not None and uri is None:
                        return self._ns_error(28, ev)
                    if uri is not None and self._sep and self._sep in uri \
                            and self._sep not in _URI_CHARS:
                        # The separator could not be told from the URI.
                        return self._ns_error(2, ev)
                    scope[prefix] = uri
                    decls.append((prefix, uri))
                    if i // 2 < nspec:
                        nspec -= 1
                else:
                    plain.append(i)
            self._ns.append(scope)
            self._ns_decls.append(decls)
            h = self.StartNamespaceDeclHandler
            for prefix, uri in decls:
                if h is not None:
                    self._flush()
                    h(prefix, uri)
            ename = self._name(name, False)
            if ename is None:
                return self._ns_error(27, ev)
            out = []
            seen = set()
            for i in plain:
                an = self._name(attrs[i], True)
                if an is None:
                    return self._ns_error(27, ev)
                if an in seen:
                    return self._ns_error(8, ev)
                seen.add(an)
                out.append(an)
                out.append(attrs[i + 1])
            attrs = out
            name = ename
        h = self.StartElementHandler
        name = self._intern(name)
        if h is None:
            if ev[5] is not None:
                self._default(ev[5])
            return
        if self.specified_attributes:
            attrs = attrs[:2 * nspec]
        self._flush()
        # Attribute names go through the intern dict too, as in expat's
        # pyexpat.
        intern = self._intern
        if self.ordered_attributes:
            for i in range(0, len(attrs), 2):
                attrs[i] = intern(attrs[i])
            h(name, attrs)
        else:
            d = {}
            for i in range(0, len(attrs), 2):
                d[intern(attrs[i])] = attrs[i + 1]
            h(name, d)

    def _ns_error(self, code, ev):
        self.__dict__['_error'] = (code, ev[2], ev[3], ev[1])
        self._raise_error(code, ev[2], ev[3], ev[1])

    def _end(self, name, ev):
        ns = self._sep is not None
        if ns:
            name = self._name(name, False)
        h = self.EndElementHandler
        if h is not None:
            self._flush()
            h(self._intern(name))
        elif ev[5]:
            self._default(ev[5])
        if ns:
            self._ns.pop()
            decls = self._ns_decls.pop()
            h = self.EndNamespaceDeclHandler
            if h is not None:
                for prefix, uri in reversed(decls):
                    self._flush()
                    h(prefix)

    def _not_standalone(self, ev):
        if self._standalone == 1:
            return
        h = self.NotStandaloneHandler
        if h is not None:
            self._flush()
            if not h():
                self._ns_error(22, ev)

    def _context(self, name):
        # expat's context string: the namespace bindings in scope, then the
        # entity's name, separated by form feeds.
        if self._sep is None:
            return name
        bound = {}
        for scope in self._ns:
            bound.update(scope)
        parts = []
        if bound.get(None):
            parts.append('=' + bound.pop(None))
        bound.pop(None, None)
        parts.append('xml=' + bound.pop('xml'))
        for prefix, uri in bound.items():
            if uri is not None:
                parts.append(prefix + '=' + uri)
        parts.append(name)
        return '\x0c'.join(parts)

    def _intern(self, name):
        i = self.intern
        if i is None:
            return name
        return i.setdefault(name, name)

    def _dispatch(self, events):
        d = self.__dict__
        for ev in events:
            kind = ev[0]
            args = ev[4]
            d['_pos'] = (ev[2], ev[3], ev[1])
            if kind == _CHARS:
                if self.CharacterDataHandler is not None:
                    self._chars(args[0])
                elif ev[5] is not None or self.DefaultHandlerExpand is not None:
                    self._default(ev[5] if ev[5] is not None else args[0], args[0])
            elif kind == _START:
                if self._foreign_dtd and not d.get('_dtd_seen'):
                    d['_dtd_seen'] = True
                    h = self.ExternalEntityRefHandler
                    if h is not None:
                        self._flush()
                        if not h(None, self._base, None, None):
                            return self._ns_error(21, ev)
                self._start(args[0], list(args[1]), ev)
            elif kind == _END:
                self._end(args[0], ev)
            elif kind == _OUTSIDE:
                if ev[5] is not None:
                    self._default(ev[5])
            elif kind == _PI:
                h = self.ProcessingInstructionHandler
                if h is not None:
                    self._flush()
                    h(self._intern(args[0]), args[1])
                elif ev[5] is not None:
                    self._default(ev[5])
            elif kind == _COMMENT:
                h = self.CommentHandler
                if h is not None:
                    self._flush()
                    h(args[0])
                elif ev[5] is not None:
                    self._default(ev[5])
            elif kind == _XMLDECL:
                d['_standalone'] = args[2]
                h = self.XmlDeclHandler
                if h is not None:
                    self._flush()
                    h(args[0], args[1], args[2])
                elif ev[5] is not None:
                    self._default(ev[5])
            elif kind == _SDOCTYPE:
                d['_dtd_seen'] = True
                if args[1] is not None:
                    d['_doctype_ids'] = (args[1], args[2])
                    self._not_standalone(ev)
                h = self.StartDoctypeDeclHandler
                if h is not None:
                    self._flush()
                    h(args[0], args[1], args[2], args[3])
                elif ev[5] is not None:
                    # expat reports the declaration's tokens one by one.
                    import re
                    for piece in re.findall(r'<!DOCTYPE|\s+|"[^"]*"|\'[^\']*\'|\[|[^\s"\'\[>]+', ev[5]):
                        self._default(piece)
            elif kind == _EDOCTYPE:
                ids = self._doctype_ids
                if ids is not None:
                    if self._param_parsing:
                        h = self.ExternalEntityRefHandler
                        if h is not None:
                            self._flush()
                            if not h(None, self._base, ids[0], ids[1]):
                                return self._ns_error(21, ev)
                h = self.EndDoctypeDeclHandler
                if h is not None:
                    self._flush()
                    h()
                elif ev[5] is not None:
                    self._default(ev[5])
            elif kind == _SCDATA:
                h = self.StartCdataSectionHandler
                if h is not None:
                    self._flush()
                    h()
                elif ev[5] is not None:
                    self._default(ev[5])
            elif kind == _ECDATA:
                h = self.EndCdataSectionHandler
                if h is not None:
                    self._flush()
                    h()
                elif ev[5] is not None:
                    self._default(ev[5])
            elif kind == _ENTITY:
                name, is_pe, value, sysid, pubid, notation = args
                h = self.EntityDeclHandler
                if notation is not None and self.UnparsedEntityDeclHandler is not None:
                    self._flush()
                    self.UnparsedEntityDeclHandler(name, self._base, sysid, pubid, notation)
                elif h is not None:
                    self._flush()
                    h(name, is_pe, value, self._base, sysid, pubid, notation)
                elif ev[5] is not None:
                    self._default(ev[5])
            elif kind == _NOTATION:
                h = self.NotationDeclHandler
                if h is not None:
                    self._flush()
                    h(args[0], self._base, args[1], args[2])
                elif ev[5] is not None:
                    self._default(ev[5])
            elif kind == _SKIPPED:
                h = self.SkippedEntityHandler
                if h is not None:
                    self._flush()
                    h(args[0], args[1])
                elif ev[5] is not None:
                    self._default(ev[5])
            elif kind == _EXTREF:
                h = self.ExternalEntityRefHandler
                if h is not None:
                    self._flush()
                    if not h(self._context(args[0]), self._base, args[1], args[2]):
                        return self._ns_error(21, ev)
                elif ev[5] is not None:
                    self._default(ev[5])
            elif kind == _ELEMENT:
                h = self.ElementDeclHandler
                if h is not None:
                    self._flush()
                    h(args[0], args[1])
            elif kind == _PEREF:
                self._not_standalone(ev)
            elif kind == _ATTLIST:
                elname, attname, atype, default, required = args
                if default is not None:
                    lst = self._attdefaults.setdefault(elname, [])
                    if all(a != attname for a, _ in lst):
                        lst.append((attname, default))
                h = self.AttlistDeclHandler
                if h is not None:
                    self._flush()
                    h(elname, attname, atype, default, required)


XMLParserType = xmlparser
xmlparser.__module__ = 'pyexpat'
_new = object.__new__


_NO_INTERN = object()


def ParserCreate(encoding=None, namespace_separator=None, intern=_NO_INTERN):
    """Return a new XML parser object."""
    if encoding is not None and not isinstance(encoding, str):
        raise TypeError("ParserCreate() argument 'encoding' must be str or None, not %s"
                        % type(encoding).__name__)
    if namespace_separator is not None:
        if not isinstance(namespace_separator, str):
            raise TypeError("ParserCreate() argument 'namespace_separator' must be str or None, not %s"
                            % type(namespace_separator).__name__)
        if len(namespace_separator) > 1:
            raise ValueError('namespace_separator must be at most one character, omitted, or None')
    if intern is _NO_INTERN:
        intern = {}
    elif intern is not None and type(intern) is not dict:
        raise TypeError('intern must be a dictionary')
    p = _new(xmlparser)
    p.__init__(encoding, namespace_separator, intern)
    return p


def _blocked_new(cls, *args, **kwargs):
    raise TypeError("cannot create 'pyexpat.xmlparser' instances")


del _i, _name, _msg
