# Patterns that are rejected at compile time.
sources = [
    "match x:\n    case y:\n        pass\n    case 1:\n        pass\n",
    "match x:\n    case _:\n        pass\n    case 1:\n        pass\n",
    "match x:\n    case [a, a]:\n        pass\n",
    "match x:\n    case [*a, *b]:\n        pass\n",
    "match x:\n    case a | 1:\n        pass\n",
    "match x:\n    case [a] | [b]:\n        pass\n",
    "match x:\n    case {'k': 1, 'k': 2}:\n        pass\n",
    "match x:\n    case C(a=1, a=2):\n        pass\n",
    "match x:\n    case _ | 1:\n        pass\n",
    "match x:\n    case y if y:\n        pass\n    case 1:\n        pass\n",
    "match x:\n    case {**rest, 'a': 1}:\n        pass\n",
]
for src in sources:
    try:
        compile(src, "<case>", "exec")
        print("compiled")
    except SyntaxError as e:
        print("SyntaxError:", e.msg, e.lineno)
