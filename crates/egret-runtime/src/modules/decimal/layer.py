# The Python layer of egret's _decimal (the native types are in mod.rs):
# the signal classes with the bases C gives them, DecimalTuple, the
# mapping half of the signal dicts, localcontext, and Decimal.__format__.

import collections as _collections
import collections.abc as _abc
import numbers as _numbers


class DecimalException(ArithmeticError):
    pass


class Clamped(DecimalException):
    pass


class InvalidOperation(DecimalException):
    pass


class ConversionSyntax(InvalidOperation):
    pass


class DivisionByZero(DecimalException, ZeroDivisionError):
    pass


class DivisionImpossible(InvalidOperation):
    pass


class DivisionUndefined(InvalidOperation, ZeroDivisionError):
    pass


class Inexact(DecimalException):
    pass


class InvalidContext(InvalidOperation):
    pass


class Rounded(DecimalException):
    pass


class Subnormal(DecimalException):
    pass


class Overflow(Inexact, Rounded):
    pass


class Underflow(Inexact, Rounded, Subnormal):
    pass


class FloatOperation(DecimalException, TypeError):
    pass


for _c in (DecimalException, Clamped, InvalidOperation, ConversionSyntax,
           DivisionByZero, DivisionImpossible, DivisionUndefined, Inexact,
           InvalidContext, Rounded, Subnormal, Overflow, Underflow,
           FloatOperation):
    _c.__module__ = 'decimal'
del _c

DecimalTuple = _collections.namedtuple('DecimalTuple', 'sign digits exponent',
                                       module='decimal')


class SignalDict(_SignalDictMixin, _abc.MutableMapping):
    pass


SignalDict.__module__ = 'abc'
_SignalDict = SignalDict
del SignalDict


class ContextManager(object):
    def __init__(self, new_context, saved_context):
        self.new_context = new_context
        self.saved_context = saved_context

    def __enter__(self):
        setcontext(self.new_context)
        return self.new_context

    def __exit__(self, t, v, tb):
        setcontext(self.saved_context)


ContextManager.__module__ = 'decimal'
_ContextManager = ContextManager
del ContextManager


_CONTEXT_ATTRIBUTES = ('prec', 'rounding', 'Emin', 'Emax', 'capitals', 'clamp',
                       'flags', 'traps')


def localcontext(ctx=None, **kwargs):
    saved = getcontext()
    if ctx is None:
        ctx = saved
    elif not isinstance(ctx, Context):
        raise TypeError("optional argument must be a context")
    for name in kwargs:
        if name not in _CONTEXT_ATTRIBUTES:
            raise TypeError("'%s' is an invalid keyword argument for this "
                            "function" % name)
    ctx = ctx.copy()
    Context.__init__(ctx, **kwargs)
    return _ContextManager(ctx, saved)


localcontext.__module__ = 'decimal'

_pydecimal = None


def _format(dec, spec, override, ctx):
    # The formatting of _pydecimal (CPython's pure-Python decimal module,
    # from the installed standard library), on an exact copy of the value.
    global _pydecimal
    if _pydecimal is None:
        import _pydecimal
    d = _pydecimal.Decimal(Decimal.__str__(dec))
    c = _pydecimal.Context(prec=ctx.prec, rounding=ctx.rounding,
                           Emin=ctx.Emin, Emax=ctx.Emax, capitals=ctx.capitals,
                           clamp=ctx.clamp, traps=[])
    if override is None:
        return d.__format__(spec, c)
    return d.__format__(spec, c, override)


# Last: the type is known to the numbers ABCs only once the module is whole.
_numbers.Number.register(Decimal)
