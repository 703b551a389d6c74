"""Reduce a program on which egret differs from CPython, keeping the failure.

    python3 conformance/fuzz/reduce.py FILE [--egret PATH] [--modes off,on,eager]
        [--timeout S] [--max-time S] [--jobs N]

The failure's signature is taken from FILE first: for each mode its verdict
(ok, diff, timeout or the crash signature, see run.py), which of stdout /
exit status / exception line differ, and the type of the exception egret
ended with; plus CPython's exit status.  A candidate is kept only when it
parses, runs the same twice under CPython (different hash seeds, no
timeout, same exit status and exception type on the last stderr line as the
original) and has the same signature.

Passes, repeated until nothing changes (delta-debugging style, on the `ast`):
  - remove chunks of statements from every block (halves, quarters, ... 1)
  - replace a compound statement (if/for/while/with/try) by its body
  - drop except handlers, else and finally blocks
  - replace an expression by one of its operands / arguments
  - drop elements of tuples, lists and call arguments
  - shrink integer constants (loop counts, event iterations, ...)
The result is printed and written to FILE.reduced.py.
"""

import argparse
import ast
import concurrent.futures
import copy
import itertools
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import run  # noqa: E402


class Oracle:
    """Runs candidates and decides whether they still fail the same way."""

    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix="egret-reduce-")
        self.cache = {}
        self.tests = 0
        self.counter = itertools.count(1)
        self.target = None
        self.cpy_rc = None

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _path(self, src):
        d = os.path.join(self.tmp, f"c{next(self.counter)}")
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, "prog.py")
        with open(p, "w") as f:
            f.write(src)
        return p

    def signature(self, src, timeout):
        """((cpython rc, cpython exception type), failure signature, cpython
        result, egret results), or None if CPython misbehaves."""
        try:
            compile(src, "<candidate>", "exec")
        except (SyntaxError, ValueError):
            return None
        path = self._path(src)
        try:
            a = run.execute([self.args.python, path], timeout, cwd=os.path.dirname(path),
                            env=dict(os.environ, PYTHONHASHSEED="0"))
            if a.timed_out:
                return None
            if self.cpy_rc is not None and (a.rc, a.last_line.split(":")[0]) != self.cpy_rc:
                return None
            b = run.execute([self.args.python, path], timeout, cwd=os.path.dirname(path),
                            env=dict(os.environ, PYTHONHASHSEED="1"))
            if b.key() != a.key():
                return None  # not deterministic under CPython
            results = {}
            sig = []
            for mode in self.args.modes:
                r = run.run_egret(path, self.args.egret, mode, timeout)
                results[mode] = r
                v = run.compare(a, {mode: r})[mode]
                parts = ""
                exc = ""
                if v == "diff":
                    parts = "".join(c for c, x, y in (("o", r.stdout, a.stdout), ("s", r.rc, a.rc),
                                                      ("e", r.last_line, a.last_line)) if x != y)
                    exc = r.last_line.split(":")[0]
                sig.append((mode, v or "ok", parts, exc))
                if self.target is not None and tuple(sig) != self.target[1][:len(sig)]:
                    break  # fail fast
            return (a.rc, a.last_line.split(":")[0]), tuple(sig), a, results
        finally:
            shutil.rmtree(os.path.dirname(path), ignore_errors=True)

    def interesting(self, src):
        if src in self.cache:
            return self.cache[src]
        self.tests += 1
        got = self.signature(src, self.args.cand_timeout)
        ok = got is not None and (got[0], got[1]) == self.target
        self.cache[src] = ok
        return ok


# ---------------------------------------------------------------------------
# AST edits.  An edit is a function tree -> bool (False if not applicable),
# applied to a deep copy; nodes are addressed by their index in walk order.

def nodes(tree):
    return list(ast.walk(tree))


def stmt_lists(tree):
    """(node index, field name) of every statement list, outermost first."""
    out = []
    for idx, node in enumerate(nodes(tree)):
        for field in ("body", "orelse", "finalbody"):
            v = getattr(node, field, None)
            if isinstance(v, list) and v and isinstance(v[0], ast.stmt):
                out.append((idx, field))
    return out


def fix_empty(lst):
    if not lst:
        lst.append(ast.Pass())
    return lst


def edit_remove_range(idx, field, lo, hi):
    def e(tree):
        n = nodes(tree)[idx]
        lst = getattr(n, field)
        if hi > len(lst):
            return False
        if field != "body" and lo == 0 and hi == len(lst):
            setattr(n, field, [])
            return True
        del lst[lo:hi]
        fix_empty(lst)
        return True
    return e


def edit_flatten(idx, field, pos):
    """Replace the compound statement at lst[pos] by its body (and else)."""
    def e(tree):
        n = nodes(tree)[idx]
        lst = getattr(n, field)
        if pos >= len(lst):
            return False
        s = lst[pos]
        if isinstance(s, (ast.If,)):
            repl = s.body
        elif isinstance(s, (ast.For, ast.While)):
            repl = s.body + s.orelse
        elif isinstance(s, ast.With):
            repl = s.body
        elif isinstance(s, ast.Try):
            repl = s.body + s.orelse + s.finalbody
        else:
            return False
        lst[pos:pos + 1] = repl
        return True
    return e


def edit_if_else(idx, field, pos):
    """Replace an if statement by its else branch."""
    def e(tree):
        lst = getattr(nodes(tree)[idx], field)
        if pos >= len(lst) or not isinstance(lst[pos], ast.If) or not lst[pos].orelse:
            return False
        lst[pos:pos + 1] = lst[pos].orelse
        return True
    return e


def edit_drop_handler(idx, h):
    def e(tree):
        n = nodes(tree)[idx]
        if not isinstance(n, ast.Try) or h >= len(n.handlers):
            return False
        if len(n.handlers) == 1 and not n.finalbody:
            return False
        del n.handlers[h]
        return True
    return e


def replace_child(parent, old, new):
    for field, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, field, new)
            return True
        if isinstance(value, list):
            for i, v in enumerate(value):
                if v is old:
                    value[i] = new
                    return True
    return False


def parents(tree):
    par = {}
    for n in ast.walk(tree):
        for c in ast.iter_child_nodes(n):
            par[id(c)] = n
    return par


def expr_children(node):
    """Expressions that could stand for `node`."""
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.BoolOp):
        return list(node.values)
    if isinstance(node, ast.IfExp):
        return [node.body, node.orelse]
    if isinstance(node, ast.Compare):
        return [node.left] + list(node.comparators)
    if isinstance(node, ast.Call):
        return [a for a in node.args if not isinstance(a, ast.Starred)]
    if isinstance(node, ast.Subscript):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [ast.Constant("")]
    return []


def edit_hoist(idx, k):
    def e(tree):
        all_nodes = nodes(tree)
        n = all_nodes[idx]
        ch = expr_children(n)
        if k >= len(ch):
            return False
        par = parents(tree).get(id(n))
        if par is None or isinstance(par, (ast.Assign, ast.AugAssign)) and getattr(par, "target", None) is n:
            return False
        if isinstance(n.ctx if hasattr(n, "ctx") else None, (ast.Store, ast.Del)):
            return False
        return replace_child(par, n, ch[k])
    return e


def edit_drop_elt(idx, k):
    def e(tree):
        n = nodes(tree)[idx]
        if isinstance(n, (ast.Tuple, ast.List)) and isinstance(n.ctx, ast.Load):
            if k >= len(n.elts):
                return False
            del n.elts[k]
            return True
        if isinstance(n, ast.Call):
            if k >= len(n.args):
                return False
            del n.args[k]
            return True
        if isinstance(n, ast.Compare) and len(n.ops) > 1:
            if k >= len(n.ops):
                return False
            del n.ops[k]
            del n.comparators[k]
            return True
        return False
    return e


def edit_const(idx, value):
    def e(tree):
        n = nodes(tree)[idx]
        if not isinstance(n, ast.Constant) or type(n.value) is not type(value) or n.value == value:
            return False
        n.value = value
        return True
    return e


def smaller_ints(v):
    out = []
    for c in (0, 1, 2, v // 2, v - 1, (v * 3) // 4, -v if v < 0 else None):
        if c is not None and abs(c) < abs(v) and c not in out:
            out.append(c)
    return out


class Reducer:
    def __init__(self, oracle, src, deadline, jobs, verbose):
        self.o = oracle
        self.tree = ast.parse(src)
        self.src = src
        self.deadline = deadline
        self.jobs = jobs
        self.verbose = verbose

    def out_of_time(self):
        return time.time() > self.deadline

    def candidate(self, edit):
        t = copy.deepcopy(self.tree)
        try:
            if not edit(t):
                return None
            ast.fix_missing_locations(t)
            s = ast.unparse(t) + "\n"
        except Exception:
            return None
        return (t, s) if s != self.src else None

    def try_edits(self, edits):
        """Apply the first edit (in order) that keeps the failure; True if any."""
        cands = []
        for ed in edits:
            c = self.candidate(ed)
            if c and c[1] not in self.o.cache:
                cands.append(c)
        i = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs) as pool:
            while i < len(cands):
                if self.out_of_time():
                    return False
                window = cands[i:i + self.jobs]
                oks = list(pool.map(lambda c: self.o.interesting(c[1]), window))
                for c, ok in zip(window, oks):
                    if ok:
                        self.tree, self.src = c
                        if self.verbose:
                            print(f"  {len(self.src.splitlines())} lines, {len(self.src)} bytes "
                                  f"({self.o.tests} tests)", file=sys.stderr)
                        return True
                i += self.jobs
        return False

    def pass_statements(self):
        progress = False
        lists = stmt_lists(self.tree)
        li = 0
        while li < len(lists) and not self.out_of_time():
            idx, field = lists[li]
            lst = getattr(nodes(self.tree)[idx], field, None)
            if not lst:
                li += 1
                continue
            n = len(lst)
            size = n
            changed = False
            while size >= 1 and not self.out_of_time():
                lst = getattr(nodes(self.tree)[idx], field)
                n = len(lst)
                if size > n:
                    size = n
                edits = [edit_remove_range(idx, field, lo, min(lo + size, n)) for lo in range(0, n, size)]
                if self.try_edits(edits):
                    changed = progress = True
                    continue  # same size again on the smaller list
                size //= 2
            if changed:
                lists = stmt_lists(self.tree)  # indexes moved
            li += 1
        return progress

    def pass_structure(self):
        progress = False
        for kind in ("flatten", "else", "handler"):
            again = True
            while again and not self.out_of_time():
                again = False
                edits = []
                for idx, field in stmt_lists(self.tree):
                    lst = getattr(nodes(self.tree)[idx], field)
                    for pos in range(len(lst)):
                        if kind == "flatten":
                            edits.append(edit_flatten(idx, field, pos))
                        elif kind == "else":
                            edits.append(edit_if_else(idx, field, pos))
                if kind == "handler":
                    for idx, n in enumerate(nodes(self.tree)):
                        if isinstance(n, ast.Try):
                            edits += [edit_drop_handler(idx, h) for h in range(len(n.handlers))]
                if self.try_edits(edits):
                    again = progress = True
        return progress

    def pass_expressions(self):
        progress = False
        again = True
        while again and not self.out_of_time():
            again = False
            edits = []
            for idx, n in enumerate(nodes(self.tree)):
                if isinstance(n, ast.expr):
                    edits += [edit_hoist(idx, k) for k in range(len(expr_children(n)))]
                if isinstance(n, (ast.Tuple, ast.List, ast.Call, ast.Compare)):
                    cnt = len(n.elts) if isinstance(n, (ast.Tuple, ast.List)) else \
                        len(n.args) if isinstance(n, ast.Call) else len(n.ops)
                    edits += [edit_drop_elt(idx, k) for k in range(cnt)]
            # try edits one at a time, restarting the scan after a success
            # (indexes change); batch by windows to keep it quick
            if self.try_edits(edits):
                again = progress = True
        return progress

    def pass_constants(self):
        progress = False
        again = True
        while again and not self.out_of_time():
            again = False
            edits = []
            for idx, n in enumerate(nodes(self.tree)):
                if isinstance(n, ast.Constant) and type(n.value) is int and abs(n.value) > 2:
                    edits += [edit_const(idx, c) for c in smaller_ints(n.value)]
                elif isinstance(n, ast.Constant) and type(n.value) is str and len(n.value) > 1:
                    edits.append(edit_const(idx, n.value[:1]))
            if self.try_edits(edits):
                again = progress = True
        return progress

    def run(self):
        rounds = 0
        while not self.out_of_time():
            rounds += 1
            p = self.pass_statements()
            p |= self.pass_structure()
            p |= self.pass_statements()
            p |= self.pass_expressions()
            p |= self.pass_constants()
            if not p:
                break
        return self.src


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--egret", default=run.DEFAULT_EGRET)
    ap.add_argument("--python", default=None)
    ap.add_argument("--modes", default="off,on,eager")
    ap.add_argument("--timeout", type=float, default=20.0, help="for the original program")
    ap.add_argument("--max-time", type=float, default=900.0, help="stop reducing after this")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    args.modes = [m for m in args.modes.split(",") if m]
    args.python = args.python or run.default_python()
    with open(args.file) as f:
        src = f.read()

    oracle = Oracle(args)
    try:
        t0 = time.time()
        got = oracle.signature(src, args.timeout)
        if got is None:
            print("reduce.py: CPython times out, fails to parse, or is not deterministic on FILE",
                  file=sys.stderr)
            return 2
        rc, sig, cpy, results = got
        if all(v == "ok" for _, v, _, _ in sig):
            print("reduce.py: FILE does not fail", file=sys.stderr)
            return 2
        slowest = max([cpy.seconds] + [r.seconds for r in results.values()])
        args.cand_timeout = max(3.0, 4 * slowest)
        oracle.target = (rc, sig)
        oracle.cpy_rc = rc
        print(f"signature: {sig}", file=sys.stderr)
        # normalise the source through ast first (the reducer works on it)
        first = ast.unparse(ast.parse(src)) + "\n"
        if not oracle.interesting(first):
            print("reduce.py: the failure depends on formatting; reducing lines is not supported",
                  file=sys.stderr)
            return 2
        red = Reducer(oracle, first, t0 + args.max_time, args.jobs, not args.quiet)
        out = red.run()
    finally:
        oracle.close()
    dst = args.file + ".reduced.py"
    with open(dst, "w") as f:
        f.write(out)
    print(out, end="")
    print(f"# {len(src.splitlines())} -> {len(out.splitlines())} lines, {oracle.tests} tests, "
          f"{time.time() - t0:.0f} s; written to {dst}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
