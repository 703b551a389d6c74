# decimal through the native _decimal module: construction, arithmetic
# under contexts, signals and traps, conversions, formatting, pickling,
# subclasses, per-thread contexts and the errors C's module raises.
import decimal
import fractions
import pickle
import copy
import math
import threading
from decimal import Decimal as D, Context, localcontext, getcontext, setcontext


def show(label, f):
    try:
        r = f()
        print(label, type(r).__name__, repr(r))
    except Exception as e:
        print(label, "raises", type(e).__name__, e)


print(decimal.__version__ if hasattr(decimal, "__version__") else None)
print(D.__module__, Context.__module__, D.__mro__)
print([n for n in dir(decimal) if not n.startswith("_")])

# construction
for v in ["1.10", "  -0.0e-3 ", "1_000.5", "\u0661\u0662", "inf", "-Infinity",
          "nan", "-sNaN123", "1e999999999999999999", "abc", "", "1e-1000000"]:
    show("D(%r)" % v, lambda: D(v))
for v in [0, -7, 2**100, True, (0, (1, 2, 3), -2), [1, (4,), "F"],
          (1, (), "n"), (0, (1, 2), "N"), 0.5, 1.1]:
    show("D(%r)" % (v,), lambda: D(v))
for v in [(2, (1,), 0), (0, (10,), 0), (0, (1,), "x"), (0, (1,), 1.5),
          (0, "12", 0), (0, (1,)), 1j, None, b"1", [1, 2, 3]]:
    show("bad D(%r)" % (v,), lambda: D(v))
show("from_float", lambda: D.from_float(0.1))
show("from_float int", lambda: D.from_float(12))
show("from_float bad", lambda: D.from_float("1"))

# arithmetic under the default context
a, b = D("1.1"), D("3")
for name, f in [("add", lambda: a + b), ("radd", lambda: 2 + a),
                ("sub", lambda: a - b), ("rsub", lambda: 10 - a),
                ("mul", lambda: a * b), ("div", lambda: b / 7),
                ("rdiv", lambda: 1 / b), ("floordiv", lambda: D(-7) // 2),
                ("mod", lambda: D(-7) % 2), ("divmod", lambda: divmod(D(7), 3)),
                ("rdivmod", lambda: divmod(7, D("2.5"))),
                ("pow", lambda: D(2) ** 100), ("pow frac", lambda: D(2) ** D("0.5")),
                ("pow3", lambda: pow(D(10), 2, 7)), ("neg", lambda: -a),
                ("pos", lambda: +D("1.000000000000000000000000000001")),
                ("abs", lambda: abs(D("-2.50"))), ("sqrt", lambda: D(2).sqrt()),
                ("exp", lambda: D(1).exp()), ("ln", lambda: D(10).ln()),
                ("log10", lambda: D(2).log10()), ("fma", lambda: D(2).fma(3, 4)),
                ("quantize", lambda: D("3.14159").quantize(D("0.01"))),
                ("quantize up", lambda: D("3.14159").quantize(D("0.01"), rounding=decimal.ROUND_UP)),
                ("normalize", lambda: D("120.00").normalize()),
                ("to_integral", lambda: D("2.5").to_integral_value()),
                ("to_integral_exact", lambda: D("2.5").to_integral_exact(rounding=decimal.ROUND_CEILING)),
                ("add str", lambda: a + "1"), ("add float", lambda: a + 1.5),
                ("div zero", lambda: a / 0), ("0/0", lambda: D(0) / 0),
                ("mod zero", lambda: a % 0), ("sqrt neg", lambda: D(-1).sqrt()),
                ("compare", lambda: a.compare(b)), ("max", lambda: a.max(b)),
                ("min_mag", lambda: D(-5).min_mag(3)),
                ("copy_sign", lambda: a.copy_sign(D(-1))),
                ("compare_total", lambda: D("1.0").compare_total(D("1.00"))),
                ("same_quantum", lambda: D("1.0").same_quantum(D("2.0"))),
                ("scaleb", lambda: D("1.5").scaleb(3)), ("shift", lambda: D(123).shift(2)),
                ("rotate", lambda: D(123).rotate(-1)),
                ("logical_and", lambda: D(1101).logical_and(D(1011))),
                ("next_plus", lambda: D(1).next_plus()),
                ("next_toward", lambda: D(1).next_toward(0)),
                ("number_class", lambda: D("-0").number_class()),
                ("adjusted", lambda: D("123.45").adjusted()),
                ("as_tuple", lambda: D("-1.50").as_tuple()),
                ("as_tuple inf", lambda: D("inf").as_tuple()),
                ("as_integer_ratio", lambda: D("-2.75").as_integer_ratio()),
                ("to_eng_string", lambda: D("123E+7").to_eng_string()),
                ("method on str", lambda: a.compare("1")),
                ("method bad ctx", lambda: a.exp(context=1)),
                ("noarg extra", lambda: a.is_nan(1))]:
    show(name, f)

# predicates and conversions
for v in ["0", "-0.00", "1.5", "-inf", "nan", "snan", "1E-999999"]:
    d = D(v)
    print(v, [d.is_zero(), d.is_signed(), d.is_finite(), d.is_infinite(),
              d.is_nan(), d.is_qnan(), d.is_snan(), d.is_normal(),
              d.is_subnormal(), d.is_canonical(), bool(d)])
    for name, f in [("int", int), ("float", float), ("round", round),
                    ("round2", lambda x: round(x, 2)), ("floor", math.floor),
                    ("ceil", math.ceil), ("trunc", math.trunc), ("complex", complex),
                    ("hash", lambda x: hash(x) if not x.is_nan() else "nan-hash")]:
        show("  %s(%s)" % (name, v), lambda: f(d))
print(hash(D("1.5")) == hash(1.5), hash(D(7)) == hash(7), hash(D("0.1")) == hash(fractions.Fraction(1, 10)))

# comparisons, including with floats and fractions
for x, y in [(D(1), 1), (D("1.0"), D(1)), (D("0.1"), 0.1), (D("0.5"), 0.5),
             (D("0.5"), fractions.Fraction(1, 2)), (D("0.3"), fractions.Fraction(1, 3)),
             (D("inf"), fractions.Fraction(10**30, 7)), (D(2), 2 + 0j), (D(2), 2 + 1j),
             (D("nan"), 1), (D("nan"), D("nan"))]:
    print(repr(x), repr(y), x == y, x != y)
    show("  <", lambda: x < y)
    show("  >=", lambda: x >= y)
show("snan ==", lambda: D("snan") == 1)
print(sorted([D("3"), D("-1.5"), 2, D("2.00")]), sum([D("0.1")] * 10), max(D(1), D("1.0")))

# contexts
c = getcontext()
print(c)
print(c.prec, c.rounding, c.Emin, c.Emax, c.capitals, c.clamp, c.Etiny(), c.Etop())
print(type(c.flags).__name__, c.flags is c.flags, len(c.flags), list(c.traps.items())[:3])
c.clear_flags()
x = D(1) / 3
print(x, c.flags[decimal.Inexact], c.flags[decimal.Rounded], c.flags[decimal.Overflow])
print([k.__name__ for k, v in c.flags.items() if v])
with localcontext() as lc:
    lc.prec = 5
    lc.rounding = decimal.ROUND_DOWN
    print(D(2) / 3, getcontext() is lc, getcontext().prec)
print(D(2) / 3)
with localcontext(prec=3, Emax=5) as lc:
    print(D(12345) + 0, lc.prec, lc.Emax)
    show("overflow", lambda: D("9e5") * 10)
    lc.traps[decimal.Overflow] = False
    print(D("9e5") * 10, lc.flags[decimal.Overflow])
show("localcontext bad kw", lambda: localcontext(foo=1))
show("localcontext bad ctx", lambda: localcontext(1))

ctx = Context(prec=6, rounding=decimal.ROUND_HALF_UP, traps=[decimal.DivisionByZero])
print(ctx)
for name, f in [("add", lambda: ctx.add(1, D("0.0000001"))), ("divide", lambda: ctx.divide(1, 7)),
                ("divide_int", lambda: ctx.divide_int(7, 2)), ("divmod", lambda: ctx.divmod(7, 2)),
                ("power", lambda: ctx.power(2, 10)), ("power mod", lambda: ctx.power(3, 5, 7)),
                ("sqrt", lambda: ctx.sqrt(2)), ("abs", lambda: ctx.abs(-3)),
                ("plus", lambda: ctx.plus(D("1.2345678"))), ("minus", lambda: ctx.minus(5)),
                ("create_decimal", lambda: ctx.create_decimal("3.14159265")),
                ("create_decimal ws", lambda: ctx.create_decimal(" 3")),
                ("create_decimal float", lambda: ctx.create_decimal(0.1)),
                ("create_decimal_from_float", lambda: ctx.create_decimal_from_float(0.1)),
                ("to_sci_string", lambda: ctx.to_sci_string(D("1e10"))),
                ("is_zero", lambda: ctx.is_zero(0)), ("number_class", lambda: ctx.number_class(D("inf"))),
                ("compare_total", lambda: ctx.compare_total(1, 2)),
                ("canonical int", lambda: ctx.canonical(2)),
                ("add str", lambda: ctx.add("1", 2)), ("div zero", lambda: ctx.divide(1, 0)),
                ("0/0 untrapped", lambda: ctx.divide(0, 0)), ("quantize", lambda: ctx.quantize(D("1.2345"), D("0.01")))]:
    show(name, f)
print(ctx.flags[decimal.InvalidOperation], ctx.flags[decimal.Inexact])
print(repr(ctx.flags))
print(pickle.loads(pickle.dumps(ctx)))
print(ctx.copy(), copy.copy(ctx) is ctx)

for attr, v in [("prec", 0), ("prec", "5"), ("Emax", -1), ("Emin", 1), ("capitals", 2),
                ("clamp", -1), ("rounding", "UP"), ("rounding", 1), ("flags", []),
                ("traps", {}), ("emax", 5)]:
    show("set %s=%r" % (attr, v), lambda: setattr(Context(), attr, v))
show("del prec", lambda: delattr(Context(), "prec"))
show("bad signal key", lambda: Context().flags.__getitem__(KeyError))
show("del signal", lambda: Context().flags.__delitem__(decimal.Inexact))
show("setcontext bad", lambda: setcontext(1))
print(Context(traps={s: False for s in getcontext().traps}).traps[decimal.Inexact])

# signals: the classes, what traps raise
print([(s.__name__, [b.__name__ for b in s.__bases__]) for s in
       [decimal.DecimalException, decimal.Clamped, decimal.InvalidOperation,
        decimal.ConversionSyntax, decimal.DivisionByZero, decimal.DivisionImpossible,
        decimal.DivisionUndefined, decimal.Inexact, decimal.InvalidContext,
        decimal.Rounded, decimal.Subnormal, decimal.Overflow, decimal.Underflow,
        decimal.FloatOperation]])
with localcontext(Context(traps=list(getcontext().traps))) as t:
    for name, f in [("inexact", lambda: D(1) / 3), ("syntax", lambda: D("x")),
                    ("divzero", lambda: D(1) / 0), ("undefined", lambda: D(0) / 0),
                    ("impossible", lambda: D(10**30) // D("0.0000001")),
                    ("float", lambda: D(0.5)), ("float lt", lambda: D(1) < 0.5),
                    ("float eq", lambda: D(1) == 0.5), ("clamped", lambda: t.create_decimal("1e999999999"))]:
        try:
            f()
            print(name, "no exception")
        except decimal.DecimalException as e:
            print(name, type(e).__name__, [c.__name__ for c in e.args[0]],
                  isinstance(e, ArithmeticError), isinstance(e, ZeroDivisionError))

# formatting
for spec in ["", ".2f", "10.3e", "<12,.2f", "+.3%", "g", ".0f", "_^20.4f", "n", "z.1f"]:
    show("format %r" % spec, lambda: format(D("-0.0123456789e3"), spec))
print(f"{D('1234567.891'):,.2f} {D('1e100'):.3g} {D('nan'):>6}")
print(str(D("1e-7")), str(D("123E+25")), repr(D("-0")))
with localcontext(capitals=0):
    print(str(D("1e20")), repr(D("1e20")))

# pickling, copying, subclasses
for v in [D("1.5"), D("-inf"), D("snan7")]:
    print(pickle.loads(pickle.dumps(v)), copy.deepcopy(v) is v)


class Money(D):
    def __new__(cls, value="0", currency="EUR"):
        self = super().__new__(cls, value)
        self.currency = currency
        return self

    def __repr__(self):
        return "Money(%s %s)" % (self, self.currency)


m = Money("12.50", "USD")
print(repr(m), type(m + 1).__name__, isinstance(m, D), m == D("12.5"), m.currency)
print(type(Money.from_float(0.25)).__name__)


class MyContext(Context):
    pass


print(type(MyContext(prec=4)).__name__, MyContext(prec=4).prec)

# each thread has its own context, made from DefaultContext
results = {}


def work(n):
    getcontext().prec = n
    results[n] = str(D(1) / 7)


ts = [threading.Thread(target=work, args=(n,)) for n in (3, 8)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(results.items()), getcontext().prec)

# a hot loop (compiled in the JIT modes)
acc = D(0)
for i in range(2000):
    acc += D(i) / 7
print(acc)
getcontext().prec = 50
print(D(2).sqrt(), D(1).exp())

# misuse of the types and their methods raises, never crashes
getcontext().prec = 28
show("Decimal.__new__(dict)", lambda: D.__new__(dict))
show("Context.__new__(Decimal)", lambda: Context.__new__(D))
show("layout conflict", lambda: type("X", (D, Context), {}))
show("unbound divmod", lambda: D.__divmod__(D(1)))
show("unbound eq", lambda: D.__eq__(D(1)))
show("pow(3, D(3), 7)", lambda: pow(3, D(3), 7))
show("pow(3, 3, D(7))", lambda: pow(3, 3, D(7)))
show("pow(D(2), 10, D(1000))", lambda: pow(D(2), 10, D(1000)))
show("round True", lambda: round(D("2.55"), True))
show("tuple bool digit", lambda: D((0, (True, 2), -1)))
show("huge exponent", lambda: D("1e9223372036854775807"))


class Shouty(D):
    def __str__(self):
        return "LOUD"


print(f"{Shouty('1.25'):.1f}", str(Shouty(1)))
cm = localcontext(prec=3)
other = Context(prec=7)
setcontext(other)
with cm:
    print(getcontext().prec)
print(getcontext() is other, getcontext().prec)
