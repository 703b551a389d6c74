# str/bytes formatting, case mapping, classification and codec details.
tests = [
 "'{:,}'.format(-1234567.5)", "'{:=+10.2f}'.format(3.14159)", "'{:^+#10x}'.format(255)", "format(12, 'c')", "format(0.0001234, '.2e')", "format(1e-10, 'g')",
 "format(123456789, '.3g')", "format(float('inf'), '>8')", "format(-0.0, '+.1f')", "format(1.5, '010.3f')", "format(12345.678, ',.2f')", "format(0.125, '.2f')",
 "format(2.675, '.2f')", "format(1e16, '.0f')", "format(100, '#o')", "format(-100, '#b')", "format(3, '%')", "format(1/3, '.1%')", "format(True, 'd')", "format(5, 'n')",
 "'%-10s|' % 'hi'", "'%+d %+d' % (5, -5)", "'%05.1f' % -2.5", "'%#x %#o' % (255, 8)", "'%e' % 12345.6789", "'%g %g' % (1e-5, 123456789)", "'%.3s' % 'abcdef'", "'%*d' % (5, 42)",
 "'%(a)s-%(b)d' % {'a': 'x', 'b': 2}", "'%c%c' % (72, 'i')", "'%%'% ()", "'{0}{1}{0}'.format('a', 'b')", "'{:{}}'.format(5, 4)", "'{x[0]}'.format(x=[9])", "'{!r:>6}'.format('q')",
 "f'{3.0:g}'", "f'{10**20:e}'", "f'{1_000_000:_}'", "f'{\"nested {}\".format(1)}'", "f'{5:#06x}'", "f'{-5:06}'", "'x'.ljust(3, '.')",
 "'Hello World'.swapcase()", "'hello world'.title()", "\"they're bill's\".title()", "'ǈ'.title()", "'ﬁ'.upper()", "'İ'.lower()", "'ΣΑΣ'.lower()", "'straße'.casefold()",
 "'a1_'.isidentifier()", "'1a'.isidentifier()", "'²'.isdigit()", "'²'.isdecimal()", "'½'.isnumeric()", "' \\t\\n'.isspace()", "'Ab'.istitle()", "''.isupper()",
 "'a,b;c'.split(',')", "'  a  b '.split(' ')", "'abc'.partition('b')", "'abc'.rpartition('x')", "'a\\x0bb\\x1cc'.splitlines()", "'aXbXc'.rsplit('X', 1)",
 "'hello'.find('l', 3)", "'hello'.rindex('l')", "'hello'.count('l')", "'aaa'.replace('a', 'b', 2)", "'abc'.removeprefix('ab')", "'abc'.removesuffix('bc')",
 "'%s' % [1, 'a']", "str(b'\\xff')", "repr('\\u0394\\x7f\\x80')", "'\\N{BULLET}'", "len('😀')", "'😀'.encode('utf-16')", "'abc'.encode('utf-32-le')",
 "b'abc'.decode('ascii')", "'é'.encode('latin-1')", "b'\\xe9'.decode('utf-8', 'replace')", "b'\\xe9'.decode('utf-8', 'ignore')", "'€'.encode('ascii', 'xmlcharrefreplace')",
 "'€'.encode('ascii', 'backslashreplace')", "bytearray(b'abc').upper()", "b' x '.strip()", "b'a-b'.split(b'-')",
 "bytes(3)", "bytes([65, 66])", "b'ab' * 2", "b'abc'[1]", "b'abc'[::-1]", "bytearray(b'ab') + b'c'", "b'%b' % b'x'", "b'abc'.center(7, b'*')", "b'AbC'.swapcase()",
 "sorted('bca')", "list(reversed('abc'))", "'-'.join(map(str, range(3)))", "'abc' < 'abd' < 'b'", "'a' * 0", "'abc'[10:]", "'abcdef'[-2::-2]",
 "str.maketrans({'a': 'b', 'c': None})", "'abcabc'.translate({97: 'X', 98: None})", "'\\t'.expandtabs()", "'a\\tbc\\td'.expandtabs(3)", "'12'.zfill(-1)",
]
for t in tests:
    try:
        print(t, "=>", repr(eval(t)))
    except Exception as e:
        print(t, "=> error", type(e).__name__, e)
