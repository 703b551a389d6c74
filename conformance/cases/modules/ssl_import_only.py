# ssl imports, with its constants, enums, exception classes, MemoryBIO and
# random bytes (what programs that never make a TLS connection touch).
import ssl

print(ssl.PROTOCOL_TLS_CLIENT, ssl.PROTOCOL_TLS_SERVER, int(ssl.CERT_REQUIRED))
print(ssl.Purpose.SERVER_AUTH, ssl.Purpose.CLIENT_AUTH.oid, ssl.Purpose.SERVER_AUTH.shortname)
print(repr(ssl.Options.OP_NO_TLSv1), int(ssl.OP_NO_COMPRESSION), ssl.VerifyMode.CERT_NONE)
print(ssl.TLSVersion.TLSv1_2, int(ssl.TLSVersion.TLSv1_3), ssl.AlertDescription(40))
print(ssl.SSLErrorNumber.SSL_ERROR_WANT_READ, int(ssl.VERIFY_X509_STRICT))
print([c.__name__ for c in ssl.SSLCertVerificationError.__mro__])
print(issubclass(ssl.SSLZeroReturnError, ssl.SSLError), issubclass(ssl.SSLError, OSError))
e = ssl.SSLError(1, "a message")
print(str(e), e.errno, e.strerror, repr(ssl.SSLError("x")))
print(ssl.RAND_status(), len(ssl.RAND_bytes(16)), type(ssl.RAND_bytes(0)))
try:
    ssl.RAND_bytes(-1)
except ValueError as exc:
    print("ValueError", exc)
bio = ssl.MemoryBIO()
print(bio.pending, bio.eof, bio.write(b"hello "), bio.write(bytearray(b"world")))
print(bio.pending, bio.read(3), bio.read(), bio.read(), bio.eof)
bio.write(b"tail")
bio.write_eof()
print(bio.eof, bio.read(2), bio.eof, bio.read(), bio.eof)
try:
    bio.write(b"more")
except ssl.SSLError as exc:
    print("SSLError", exc)
print(ssl.DER_cert_to_PEM_cert(b"\x30\x03\x02\x01\x01").splitlines()[0])
print(ssl.PEM_cert_to_DER_cert(ssl.DER_cert_to_PEM_cert(b"abc")))
import http.client, urllib.request, asyncio
print(hasattr(http.client, "HTTPSConnection"), urllib.request.HTTPSHandler.__name__)
