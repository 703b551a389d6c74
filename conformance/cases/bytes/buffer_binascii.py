# binascii over any buffer: uu, quoted-printable, crc_hqx and base64's
# strict mode, with bytes, bytearray, memoryview and array inputs.
import array
import binascii

raw = b"The quick brown fox.\r\n" + bytes(range(0, 256, 7)) + b"\r\nend. \n"
for make in (bytes, bytearray, memoryview, lambda b: array.array("B", b)):
    src = make(raw[:45])
    uu = binascii.b2a_uu(src)
    print(uu, binascii.a2b_uu(make(uu)) == raw[:45])
    print(binascii.b2a_uu(src, backtick=True)[:20], binascii.crc_hqx(src, 0), binascii.crc32(src))
    qp = binascii.b2a_qp(make(raw))
    print(qp, binascii.a2b_qp(make(qp)) == raw)
    b64 = binascii.b2a_base64(src, newline=False)
    print(b64, binascii.a2b_base64(make(b64), strict_mode=True) == raw[:45])

print(binascii.b2a_uu(b""), binascii.b2a_uu(b"", backtick=True), binascii.a2b_uu(b" \n"), binascii.a2b_uu("`\n"))
print(binascii.a2b_uu(b"\x7f"), binascii.a2b_uu(b""), binascii.b2a_uu(b"\x00Cat", backtick=True))
print(binascii.crc_hqx(b"", -1), binascii.crc_hqx(b"Test", 0x12345))
print(binascii.b2a_qp(b"a=b_c d\t\n.\n", quotetabs=True, header=True), binascii.b2a_qp(b"x" * 80))
print(binascii.b2a_qp(b"\r\n\n", istext=False), binascii.b2a_qp(b"end \t"), binascii.b2a_qp(b"."))
print(binascii.a2b_qp(b"=41=4a=\r\nb=zz=", header=False), binascii.a2b_qp("a_b=3D", header=True))
for bad in [(binascii.a2b_uu, b"\xff\x00"), (binascii.a2b_uu, b"!!!!"), (binascii.b2a_uu, b"!" * 46)]:
    try:
        bad[0](bad[1])
    except binascii.Error as e:
        print("Error", e)
for data in [b"=YWJj", b"YWJj=", b"YW=Jj", b"YWJj\n", b"YQ==YQ==", b"YQ===", b"YWJjZ", b"YW"]:
    for strict in (False, True):
        try:
            print(data, strict, binascii.a2b_base64(data, strict_mode=strict))
        except binascii.Error as e:
            print(data, strict, "Error", e)
for name in ["a2b_qp", "b2a_qp", "a2b_uu", "b2a_uu", "crc_hqx"]:
    try:
        getattr(binascii, name)()
    except TypeError:
        print(name, "TypeError")
