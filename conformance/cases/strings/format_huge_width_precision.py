# Widths and precisions in format specs, str.format fields and printf-style
# formatting never overflow: CPython's errors for digits past an index or a
# C int, '*' arguments that do not fit, precisions beyond what Rust's own
# formatting takes (exact digits, then zeros), MemoryError for a width no
# memory holds.
tests = [
    "format(1.0, '.2147483648f')", "format(1.0, '.99999999999999999999f')", "format(1, ',.2147483648f')",
    "'{:.2147483648}'.format('x')", "format('x', '.2147483648')", "format(1.5, '99999999999999999999e')",
    "format(1+2j, '.2147483648f')", "format(1, '.2147483648')", "format(1, '.5d')",
    "'%.10000000000f' % 1.0", "'%.2147483648s' % 'x'", "'%.*f' % (2**31, 1.0)", "'%.*f' % (2**63, 1.0)",
    "'%*d' % (2**64, 1)", "'%.*f' % (-1, 1.0)", "'%*.*f' % (-5, 2, 1.0)", "'%.*s' % (3, 'abcdef')",
    "'{:.{}f}'.format(1.0, 2**31)", "'{:99999999999999999999999}'.format(1)",
    "'{0:.99999999999999999999999f}'.format(1.0)", "'%99999999999999999999999d' % 1",
    "'%.99999999999999999999999f' % 1.0", "'{:{}d}'.format(1, -1)", "'{:.{}f}'.format(1.0, -1)",
    "b'%.*f' % (2**31, 1.0)", "'{:,2147483648}'.format(1)", "format(1.0, '.2147483648%')",
    "format(1.0, '.2147483648g')", "format(1.0, '.2147483648e')", "format(1.0, '.2147483648')",
    "'%.*f' % (1.5, 1.0)", "'%*d' % ('x', 1)", "'%*d' % (True, 1)", "'%.*f' % (True, 1.5)",
    "b'%.2147483648s' % b'x'", "b'%99999999999999999999999d' % 1", "b'%*d' % (2**64, 1)",
    "b'%*d' % ('x', 1)", "b'%-*d|' % (-4, 7)", "'{99999999999999999999999}'.format(1)",
    "'{0[99999999999999999999999]}'.format([1])", "'{9223372036854775808}'.format(1)",
    "'{0[-1]}'.format([1])", "'{0[1]}'.format({1: 'int', '1': 'str'})", "'{١}'.format('a', 'b')",
    "format(1, 'xx')", "format('a', 'ss')", "format(1.5, 'ff')", "format(1j, 'ff')", "format(True, 'xx')",
    "format(1, '5.2x')", "format(7, '١٠')", "format(2.5, '.١f')", "format(1.5, 'q')",
    "format(1.0, '.100000f')[-3:]", "len(format(1.0, '.100000f'))", "format(1e300, '.2000f')[-3:]",
    "len(format(1e-300, '.2000e'))", "format(1.5, '.1000e')[-8:]", "format(2.5, '.1000g')[-5:]",
    "format(2.5, '#.1000g')[-5:]", "len(format(1e-5, '.100000g'))", "format(1e-5, '.100000g')[-5:]",
    "len(format(1e-5, '#.100000g'))", "format(0.1, '.70000%')[-3:]", "len(format(0.1, '.70000%'))",
    "len('%.70000f' % 0.1)", "len('%.70000e' % 0.1)", "len('%.70000g' % 0.1)",
    "format(0.1, '.1100f')[1070:1110]", "format(1/3, '.800e')[760:780]", "format(2**-1074, '.1100f')[-40:]",
    "format(2**-1074, '.760e')[740:]", "'%.*f' % (-3, 2.5)", "'%-*d|' % (3, 1)", "'%*d|' % (-3, 1)",
    "format(1.5+2j, '.100000f')[-4:]", "len(format(1.5+2j, '.100000f'))", "format(1, '.100000f')[-3:]",
    "format(1, '020,')", "format(-1234, '012,')", "format(1, '04,')", "format(12345, '011_b')",
    "format(1, '01,')", "format(123, '0300,')[-12:]",
    "f'{1:{2**40}}'", "format('x', '>1099511627776')", "'%1099511627776d' % 1", "'%*s' % (2**40, 'x')",
    "'{:{}}'.format(1.5, 2**40)", "format(1+1j, '1099511627776')",
]
for t in tests:
    try:
        r = eval(t)
        print(t, "->", repr(r)[:70])
    except (ValueError, OverflowError, TypeError, MemoryError, IndexError, KeyError) as e:
        print(t, "->", type(e).__name__, e)
