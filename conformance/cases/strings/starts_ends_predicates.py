# startswith/endswith and character class predicates
f = "report.txt"
print(f.startswith("rep"), f.endswith(".txt"), f.endswith(".py"))
print(f.startswith(("x", "r")), f.endswith((".md", ".txt")))
print(f.startswith("port", 2))
for s in ["123", "12a", "abc", "ABC", "   ", "", " a ", "\t\n"]:
    print(repr(s), s.isdigit(), s.isalpha(), s.isspace(), s.isalnum())
print("hello_world".isidentifier(), "2x".isidentifier())
