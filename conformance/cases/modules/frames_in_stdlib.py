# Standard-library code that walks the caller's frames (logging, warnings,
# inspect, traceback, namedtuple, enum, typing) sees the right frames.
import enum
import inspect
import logging
import os
import sys
import traceback
import typing
import warnings

logging.basicConfig(
    format="%(funcName)s:%(lineno)d:%(message)s", stream=sys.stdout, level=logging.INFO
)


def warns():
    logging.info("hello")
    warnings.warn("careful", stacklevel=2)


def calls_warns():
    warns()


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for _ in range(3):
        calls_warns()
print([(w.lineno, os.path.basename(w.filename), str(w.message)) for w in caught])


def stack_names():
    return [(fi.function, fi.lineno) for fi in inspect.stack()]


def extracted():
    return [(fs.name, fs.lineno) for fs in traceback.extract_stack()]


print(stack_names())
print(extracted())
print(inspect.currentframe().f_code.co_name)

Color = enum.Enum("Color", "RED GREEN")
print(Color.RED, Color.__module__)
T = typing.TypeVar("T")
print(T.__module__)


def in_function():
    Shade = enum.Enum("Shade", "DARK LIGHT")
    return Shade.__module__


print(in_function())
