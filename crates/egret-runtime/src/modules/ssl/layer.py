# egret's _ssl: what `import ssl` needs, without a TLS library. The
# constants, exception classes, MemoryBIO and the RAND functions work as in
# CPython; making a TLS context (ssl.SSLContext, create_default_context,
# wrap_socket) raises NotImplementedError, so a program that only imports
# ssl (asyncio, http.client, urllib) runs, and one that needs TLS is told.

import os as _os

OPENSSL_VERSION = 'egret (no TLS library; OpenSSL 3.0 API constants)'
OPENSSL_VERSION_INFO = (3, 0, 0, 0, 0)
OPENSSL_VERSION_NUMBER = 0x30000000
_OPENSSL_API_VERSION = (3, 0, 0, 0, 0)
_DEFAULT_CIPHERS = ('@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:'
                    '!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM')

# No protocol or extension is available: there is no TLS at all.
HAS_SNI = HAS_ECDH = HAS_NPN = HAS_ALPN = HAS_TLS_UNIQUE = False
HAS_SSLv2 = HAS_SSLv3 = HAS_TLSv1 = HAS_TLSv1_1 = False
HAS_TLSv1_2 = HAS_TLSv1_3 = False

# OpenSSL 3.0's values, as CPython's _ssl exports them.
CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED = 0, 1, 2
ENCODING_PEM, ENCODING_DER = 1, 2
PROTOCOL_SSLv23 = PROTOCOL_TLS = 2
PROTOCOL_TLSv1, PROTOCOL_TLSv1_1, PROTOCOL_TLSv1_2 = 3, 4, 5
PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER = 16, 17
PROTO_MINIMUM_SUPPORTED, PROTO_MAXIMUM_SUPPORTED = -2, -1
PROTO_SSLv3, PROTO_TLSv1, PROTO_TLSv1_1 = 0x300, 0x301, 0x302
PROTO_TLSv1_2, PROTO_TLSv1_3 = 0x303, 0x304
OP_ALL = 0x80000050
OP_NO_SSLv2 = 0
OP_NO_SSLv3 = 0x02000000
OP_NO_TLSv1 = 0x04000000
OP_NO_TLSv1_1 = 0x10000000
OP_NO_TLSv1_2 = 0x08000000
OP_NO_TLSv1_3 = 0x20000000
OP_CIPHER_SERVER_PREFERENCE = 0x00400000
OP_SINGLE_DH_USE = OP_SINGLE_ECDH_USE = 0
OP_NO_COMPRESSION = 0x00020000
OP_NO_TICKET = 0x00004000
OP_NO_RENEGOTIATION = 0x40000000
OP_ENABLE_MIDDLEBOX_COMPAT = 0x00100000
OP_IGNORE_UNEXPECTED_EOF = 0x80
HOSTFLAG_ALWAYS_CHECK_SUBJECT = 0x1
HOSTFLAG_NO_WILDCARDS = 0x2
HOSTFLAG_NO_PARTIAL_WILDCARDS = 0x4
HOSTFLAG_MULTI_LABEL_WILDCARDS = 0x8
HOSTFLAG_SINGLE_LABEL_SUBDOMAINS = 0x10
HOSTFLAG_NEVER_CHECK_SUBJECT = 0x20
VERIFY_DEFAULT = 0
VERIFY_CRL_CHECK_LEAF = 0x4
VERIFY_CRL_CHECK_CHAIN = 0xC
VERIFY_X509_STRICT = 0x20
VERIFY_X509_TRUSTED_FIRST = 0x8000
VERIFY_X509_PARTIAL_CHAIN = 0x80000
VERIFY_ALLOW_PROXY_CERTS = 0x40
SSL_ERROR_SSL = 1
SSL_ERROR_WANT_READ = 2
SSL_ERROR_WANT_WRITE = 3
SSL_ERROR_WANT_X509_LOOKUP = 4
SSL_ERROR_SYSCALL = 5
SSL_ERROR_ZERO_RETURN = 6
SSL_ERROR_WANT_CONNECT = 7
SSL_ERROR_EOF = 8
SSL_ERROR_INVALID_ERROR_CODE = 10
ALERT_DESCRIPTION_CLOSE_NOTIFY = 0
ALERT_DESCRIPTION_UNEXPECTED_MESSAGE = 10
ALERT_DESCRIPTION_BAD_RECORD_MAC = 20
ALERT_DESCRIPTION_RECORD_OVERFLOW = 22
ALERT_DESCRIPTION_DECOMPRESSION_FAILURE = 30
ALERT_DESCRIPTION_HANDSHAKE_FAILURE = 40
ALERT_DESCRIPTION_BAD_CERTIFICATE = 42
ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE = 43
ALERT_DESCRIPTION_CERTIFICATE_REVOKED = 44
ALERT_DESCRIPTION_CERTIFICATE_EXPIRED = 45
ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN = 46
ALERT_DESCRIPTION_ILLEGAL_PARAMETER = 47
ALERT_DESCRIPTION_UNKNOWN_CA = 48
ALERT_DESCRIPTION_ACCESS_DENIED = 49
ALERT_DESCRIPTION_DECODE_ERROR = 50
ALERT_DESCRIPTION_DECRYPT_ERROR = 51
ALERT_DESCRIPTION_PROTOCOL_VERSION = 70
ALERT_DESCRIPTION_INSUFFICIENT_SECURITY = 71
ALERT_DESCRIPTION_INTERNAL_ERROR = 80
ALERT_DESCRIPTION_USER_CANCELLED = 90
ALERT_DESCRIPTION_NO_RENEGOTIATION = 100
ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION = 110
ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE = 111
ALERT_DESCRIPTION_UNRECOGNIZED_NAME = 112
ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE = 113
ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE = 114
ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY = 115

err_codes_to_names = {}
err_names_to_codes = {}
lib_codes_to_names = {}

_NO_TLS = ("TLS is not supported by egret yet (its _ssl module has no TLS "
           "library)")


class SSLError(OSError):
    def __str__(self):
        if isinstance(self.strerror, str):
            return self.strerror
        return str(self.args)


class SSLZeroReturnError(SSLError):
    pass


class SSLWantReadError(SSLError):
    pass


class SSLWantWriteError(SSLError):
    pass


class SSLSyscallError(SSLError):
    pass


class SSLEOFError(SSLError):
    pass


class SSLCertVerificationError(SSLError, ValueError):
    pass


for _c in (SSLError, SSLZeroReturnError, SSLWantReadError, SSLWantWriteError,
           SSLSyscallError, SSLEOFError, SSLCertVerificationError):
    _c.__module__ = 'ssl'
del _c


class _SSLContext:
    def __new__(cls, *args, **kwargs):
        raise NotImplementedError(_NO_TLS)


class _SSLSocket:
    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create '_ssl._SSLSocket' instances")


class SSLSession:
    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create '_ssl.SSLSession' instances")


class Certificate:
    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create '_ssl.Certificate' instances")


class MemoryBIO:
    """A buffer of bytes TLS would read from and write to."""

    def __init__(self):
        self._buf = bytearray()
        self._eof = False

    @property
    def pending(self):
        return len(self._buf)

    @property
    def eof(self):
        return self._eof and not self._buf

    def read(self, size=-1, /):
        if size < 0 or size > len(self._buf):
            size = len(self._buf)
        data = bytes(self._buf[:size])
        del self._buf[:size]
        return data

    def write(self, b, /):
        data = memoryview(b).tobytes()
        if self._eof:
            raise SSLError("cannot write() after write_eof()")
        self._buf += data
        return len(data)

    def write_eof(self):
        self._eof = True


for _c in (_SSLContext, _SSLSocket, SSLSession, Certificate, MemoryBIO):
    _c.__module__ = '_ssl'
del _c

# The objects ssl.py names at import (Purpose) and a few common ones:
# (nid, short name, long name, OID).
_OBJECTS = [
    (129, 'serverAuth', 'TLS Web Server Authentication', '1.3.6.1.5.5.7.3.1'),
    (130, 'clientAuth', 'TLS Web Client Authentication', '1.3.6.1.5.5.7.3.2'),
    (131, 'codeSigning', 'Code Signing', '1.3.6.1.5.5.7.3.3'),
    (132, 'emailProtection', 'E-mail Protection', '1.3.6.1.5.5.7.3.4'),
]


def txt2obj(txt, name=False):
    for obj in _OBJECTS:
        if txt == obj[3] or (name and txt in (obj[1], obj[2])):
            return obj
    raise ValueError("unknown object '%s'" % txt)


def nid2obj(nid):
    if nid < 1:
        raise ValueError("NID must be positive.")
    for obj in _OBJECTS:
        if obj[0] == nid:
            return obj
    raise ValueError("unknown NID %i" % nid)


def get_default_verify_paths():
    return ('SSL_CERT_FILE', '/usr/lib/ssl/cert.pem',
            'SSL_CERT_DIR', '/usr/lib/ssl/certs')


def RAND_status():
    return True


def RAND_add(string, entropy, /):
    # The operating system's generator (os.urandom) needs no seeding.
    memoryview(string.encode() if isinstance(string, str) else string)
    float(entropy)


def RAND_bytes(n, /):
    if n < 0:
        raise ValueError("num must be positive")
    return _os.urandom(n)


def RAND_pseudo_bytes(n, /):
    return RAND_bytes(n), True


def _test_decode_cert(path):
    raise NotImplementedError(_NO_TLS)
