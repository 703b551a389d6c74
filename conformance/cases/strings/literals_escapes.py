# String literals and escape sequences
print('single', "double", '''triple''', """also triple""")
print("tab:\tend")
print("newline:\nsecond line")
print("backslash: \\ quote: \" apostrophe: \'")
print("hex: \x41\x42 octal: \101 unicode: \u00e9 \N{GREEK SMALL LETTER ALPHA}")
print(r"raw \n stays", len(r"\n"))
print("adjacent " "literals " 'joined')
s = """multi
line"""
print(s, len(s))
print("a\0b" == "a\x00b", len("a\0b"))
print(len("\t\n\r"), "\u0041")
