import base64, binascii
for data in [b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", bytes(range(256))]:
    e = base64.b64encode(data)
    assert base64.b64decode(e) == data
    print(e[:40], base64.b16encode(data[:8]), base64.urlsafe_b64encode(data[:7]))
print(base64.b64decode("aGVsbG8="), base64.standard_b64decode(b"d29ybGQ="), base64.b32encode(b"hi"), base64.b32decode(b"NBUQ===="))
print(binascii.hexlify(b"\x01\xab"), binascii.hexlify(b"\x01\x02\x03", "-"), binascii.unhexlify("01ab"), binascii.crc32(b"hello"), binascii.crc32(b"world", 12345))
print(bytes.fromhex("ff00").hex(), binascii.b2a_base64(b"xyz"), binascii.b2a_base64(b"xyz", newline=False))
for bad in ["abc", "a", "@@@@"]:
    try:
        print(base64.b64decode(bad, validate=True))
    except binascii.Error as e:
        print("Error:", e)
try:
    binascii.unhexlify("0g")
except binascii.Error as e:
    print("Error:", e)
