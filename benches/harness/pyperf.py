"""egret's own stand-in for the `pyperf` package (NOT the real pyperf).

benches/pyperformance.py puts this folder on PYTHONPATH (with
``--harness ours``, the default) so that pyperformance's benchmark programs,
which start with ``import pyperf``, run under any Python implementation
through the same small harness: CPython, egret and PyPy (the real pyperf
2.11 needs Python 3.11 and a working importlib.metadata, so PyPy 3.9 cannot
run it). It offers the part of pyperf's ``Runner`` API those programs use,
and runs a fixed amount of work, chosen on the command line with the same
flags as pyperf's single-process worker mode::

    run_benchmark.py [BENCHMARK ARGS] --worker -p 1 -l LOOPS -w WARMUPS -n VALUES

Every ``bench_*`` call of the program runs WARMUPS + VALUES times LOOPS
iterations; the time of the VALUES part is printed, one line per call::

    NAME: 12.3 ms per loop (LOOPS loops x VALUES in 1.234 s)

The per-loop time is divided by ``inner_loops`` like pyperf does. Nothing is
calibrated, spawned or written to a file: the runner measures the whole
process. ``bench_command`` (which times another process) is not supported.
"""

import argparse
import sys
import time

perf_counter = time.perf_counter

__version__ = "0+egret-harness"


def python_implementation():
    return sys.implementation.name.lower()


class Runner:
    """The subset of pyperf.Runner that pyperformance's programs use."""

    def __init__(self, values=None, processes=None, loops=0, min_time=0.1, metadata=None,
                 show_name=True, program_args=None, add_cmdline_args=None,
                 _argparser=None, warmups=1, hooks=None):
        self.metadata = dict(metadata or {})
        self.args = None
        parser = _argparser if _argparser is not None else argparse.ArgumentParser()
        parser.description = "Benchmark (egret's pyperf stand-in: fixed loops, one process)"
        # Accepted for compatibility with pyperf's worker command line;
        # only -l, -w and -n change what runs.
        parser.add_argument("--worker", action="store_true")
        parser.add_argument("-p", "--processes", type=int, default=1)
        parser.add_argument("-l", "--loops", type=int, default=loops or 1)
        parser.add_argument("-w", "--warmups", type=int, default=0)
        parser.add_argument("-n", "--values", type=int, default=1)
        parser.add_argument("-q", "--quiet", action="store_true")
        parser.add_argument("-v", "--verbose", action="store_true")
        self.argparser = parser
        self._names = set()

    def parse_args(self, args=None):
        if self.args is None or args is not None:
            self.args = self.argparser.parse_args(args)
        return self.args

    def _run(self, name, inner_loops, run_values):
        """run_values(loops) returns the seconds taken by `loops` iterations."""
        if name in self._names:
            raise ValueError(f"duplicated benchmark name: {name!r}")
        self._names.add(name)
        args = self.parse_args()
        loops = max(1, args.loops)
        for _ in range(max(0, args.warmups)):
            run_values(loops)
        total = 0.0
        values = max(1, args.values)
        for _ in range(values):
            total += run_values(loops)
        per_loop = total / (loops * values * (inner_loops or 1))
        if not args.quiet:
            print(f"{name}: {per_loop * 1e3:.4g} ms per loop "
                  f"({loops} loops x {values} in {total:.6f} s)", flush=True)
        return per_loop

    def bench_func(self, name, func, *args, inner_loops=None, metadata=None):
        """Time `loops` calls of func(*args)."""
        def run_values(loops):
            t0 = perf_counter()
            for _ in range(loops):
                func(*args)
            return perf_counter() - t0
        return self._run(name, inner_loops, run_values)

    def bench_time_func(self, name, time_func, *args, inner_loops=None, metadata=None):
        """time_func(loops, *args) runs `loops` iterations and returns their time."""
        return self._run(name, inner_loops, lambda loops: time_func(loops, *args))

    def bench_async_func(self, name, func, *args, inner_loops=None, metadata=None,
                         loop_factory=None):
        """Time `loops` awaits of func(*args) in a new event loop."""
        import asyncio

        async def main(loops):
            t0 = perf_counter()
            for _ in range(loops):
                await func(*args)
            return perf_counter() - t0

        def run_values(loops):
            loop = loop_factory() if loop_factory is not None else asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                return loop.run_until_complete(main(loops))
            finally:
                asyncio.set_event_loop(None)
                loop.close()
        return self._run(name, inner_loops, run_values)

    def bench_command(self, name, command):
        raise NotImplementedError(
            "bench_command is not supported by egret's pyperf stand-in "
            "(it times another process; benches/pyperformance.py skips such programs)")
