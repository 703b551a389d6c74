"""Front-end fuzzer: mutated conformance cases through egret's compiler.

    python3 conformance/fuzz/frontend.py [--count N] [--seed S] [--time-limit S]
        [--egret PATH] [--jobs N] [--timeout S] [--out DIR]
    python3 conformance/fuzz/frontend.py --reduce FILE    # shrink a crashing input

Each mutant is a conformance case (conformance/cases/**/*.py) with 1-3
random mutations applied to its bytes: lines deleted, duplicated, swapped or
re-indented; tokens deleted, duplicated, replaced or inserted (brackets,
colons, quotes, keywords, string prefixes, numeric-literal fragments, ...);
truncation; random bytes including invalid UTF-8, NUL, BOM, CR, form feed
and non-ASCII identifiers; coding cookies; deep nesting of brackets,
operators, lambdas and blocks.

egret only compiles the mutant (`egret -X dis FILE`: parse, compile,
disassemble; nothing runs).  Failures:
  crash     "egret: internal error", death by a signal, allocator messages
  hang      egret takes longer than --timeout (CPython's compile() is quick)
Reported separately, not failures:
  syntax disagreement   CPython's compile() accepts and egret rejects, or the
                        reverse
  class disagreement    both reject, with different exception classes
                        (SyntaxError / IndentationError / TabError / ...)
Failing inputs are written to --out (default /tmp/egret-frontend-out).
Exit status 1 if there was a crash or a hang.
"""

import argparse
import concurrent.futures
import glob
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tokenize
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import run  # noqa: E402

CASES = os.path.join(os.path.dirname(HERE), "cases")

TOKENS = [
    b"(", b")", b"[", b"]", b"{", b"}", b":", b";", b",", b".", b"...", b"=", b"==", b":=",
    b"->", b"*", b"**", b"@", b"\\", b"'", b'"', b"'''", b'"""', b"#", b"\t", b"    ",
    b"\n", b"\r", b"\r\n", b"\x0c", b" ", b"lambda", b"lambda:", b"yield", b"await", b"async",
    b"def", b"class", b"if", b"else", b"elif", b"return", b"break", b"continue", b"pass",
    b"nonlocal x", b"global x", b"del", b"import", b"from", b"as", b"with", b"try:",
    b"except", b"finally:", b"raise", b"match", b"case", b"_", b"not", b"and", b"or", b"in",
    b"is", b"for", b"while", b"None", b"True", b"__debug__", b"print", b"f'", b'f"', b"b'",
    b"rb'", b"fr'", b"u'", b"f'{", b"}'", b"{x!r}", b"{x:{y}}", b"{=}", b"0x", b"0o8",
    b"0b2", b"1e", b"1_", b"1__0", b"0777", b"1j", b".5", b"5.", b"1if", b"0_0", b"\\N{",
    b"\\x", b"\\u12", b"\\777", b"*args", b"**kw", b"x=", b"/", b"*,", b"-", b"~", b"!",
    b"$", b"?", b"`",
]
RAW_BYTES = [
    b"\x00", b"\xff", b"\xfe", b"\xc3", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
    b"\xef\xbb\xbf", b"\x80", b"\xe2\x82", b"\r", b"\x0c", b"\x1a", b"\x0b", b"\x1b",
    "é".encode(), "字".encode(), "\u2028".encode(), "\U0001F600".encode(), "\u200b".encode(),
    "ℌ".encode(), "１".encode(), "ǅ".encode(), "\u00a0".encode(), "ﬁ".encode(),
]
COOKIES = [
    b"# -*- coding: latin-1 -*-\n", b"# coding: bogus\n", b"# coding=utf-8\n",
    b"# vim: set fileencoding=ascii :\n", b"# coding: utf-16\n", b"# coding: cp1252\n",
    b"#!/usr/bin/env python\n# coding: latin-1\n", b"# coding: utf8\n",
]
WORD = re.compile(rb"[A-Za-z_0-9]+|[ \t]+|\r?\n|.", re.S)


class Mutator:
    def __init__(self, rng, corpus):
        self.r = rng
        self.corpus = corpus

    def tokens(self, data):
        return [m.span() for m in WORD.finditer(data)]

    def mutate(self, data):
        r = self.r
        ops = [self.del_line, self.dup_line, self.swap_lines, self.move_line, self.del_token,
               self.dup_token, self.ins_token, self.rep_token, self.reindent, self.truncate,
               self.raw_bytes, self.cookie, self.nest, self.splice, self.del_chars]
        weights = [3, 2, 2, 1, 4, 2, 6, 3, 3, 1, 3, 1, 1, 1, 2]
        for _ in range(r.choice([1, 1, 2, 3])):
            data = r.choices(ops, weights)[0](data)
        return data

    def lines(self, data):
        return data.split(b"\n")

    def del_line(self, data):
        ls = self.lines(data)
        del ls[self.r.randrange(len(ls))]
        return b"\n".join(ls)

    def dup_line(self, data):
        ls = self.lines(data)
        i = self.r.randrange(len(ls))
        ls.insert(i, ls[i])
        return b"\n".join(ls)

    def swap_lines(self, data):
        ls = self.lines(data)
        i, j = self.r.randrange(len(ls)), self.r.randrange(len(ls))
        ls[i], ls[j] = ls[j], ls[i]
        return b"\n".join(ls)

    def move_line(self, data):
        ls = self.lines(data)
        line = ls.pop(self.r.randrange(len(ls)))
        ls.insert(self.r.randrange(len(ls) + 1), line)
        return b"\n".join(ls)

    def pick_token(self, data):
        toks = self.tokens(data)
        if not toks:
            return 0, 0
        # prefer non-blank tokens
        for _ in range(5):
            a, b = self.r.choice(toks)
            if data[a:b].strip():
                break
        return a, b

    def del_token(self, data):
        a, b = self.pick_token(data)
        return data[:a] + data[b:]

    def dup_token(self, data):
        a, b = self.pick_token(data)
        return data[:b] + data[a:b] + data[b:]

    def ins_token(self, data):
        toks = self.tokens(data)
        pos = self.r.choice(toks)[self.r.randint(0, 1)] if toks else 0
        t = self.r.choice(TOKENS)
        if self.r.random() < 0.3:
            t = b" " + t + b" "
        return data[:pos] + t + data[pos:]

    def rep_token(self, data):
        a, b = self.pick_token(data)
        return data[:a] + self.r.choice(TOKENS) + data[b:]

    def del_chars(self, data):
        if not data:
            return data
        a = self.r.randrange(len(data))
        return data[:a] + data[a + self.r.randint(1, 8):]

    def reindent(self, data):
        ls = self.lines(data)
        i = self.r.randrange(len(ls))
        line = ls[i]
        k = self.r.randint(0, 5)
        stripped = line.lstrip(b" \t")
        ind = line[:len(line) - len(stripped)]
        if k == 0:
            ind += b" " * self.r.randint(1, 4)
        elif k == 1:
            ind = ind[:-self.r.randint(1, 4)] if ind else ind
        elif k == 2:
            ind = ind.replace(b"    ", b"\t")
        elif k == 3:
            ind = b"\t" + ind
        elif k == 4:
            ind = b""
        else:
            ind = b" \x0c" + ind
        ls[i] = ind + stripped
        return b"\n".join(ls)

    def truncate(self, data):
        return data[:self.r.randrange(len(data) + 1)]

    def raw_bytes(self, data):
        pos = self.r.randrange(len(data) + 1)
        if self.r.random() < 0.3:
            ins = bytes(self.r.randrange(256) for _ in range(self.r.randint(1, 4)))
        else:
            ins = self.r.choice(RAW_BYTES)
        return data[:pos] + ins + data[pos:]

    def cookie(self, data):
        c = self.r.choice(COOKIES)
        if self.r.random() < 0.5:
            return c + data
        ls = self.lines(data)
        return b"\n".join(ls[:1] + [c.rstrip(b"\n")] + ls[1:])

    def nest(self, data):
        k = self.r.choice([20, 50, 99, 100, 101, 199, 200, 201, 255, 256, 500, 1000, 3000, 10000])
        kind = self.r.randint(0, 9)
        if kind == 0:
            s = b"x = " + b"(" * k + b"1" + b")" * k
        elif kind == 1:
            s = b"x = " + b"[" * k + b"]" * k
        elif kind == 2:
            s = b"x = " + b"-" * k + b"1"
        elif kind == 3:
            s = b"x = " + b"not " * k + b"1"
        elif kind == 4:
            s = b"x = " + b"lambda: " * k + b"1"
        elif kind == 5:
            k = min(k, 300)
            s = b"".join(b" " * i + b"if x:\n" for i in range(k)) + b" " * k + b"pass"
        elif kind == 6:
            s = b"x = " + b"1 + " * k + b"1"
        elif kind == 7:
            k = min(k, 200)
            s = b"x = " + b"f'{" * k + b"1" + b"}'" * k
        elif kind == 8:
            s = b"x = " + b"a." * k + b"b"
        else:
            s = b"x = " + b"{" * k + b"1" + b"}" * k
        if self.r.random() < 0.3:
            s = s[:self.r.randrange(len(s))]
        ls = self.lines(data)
        i = self.r.randrange(len(ls) + 1)
        ind = re.match(rb"[ \t]*", ls[i] if i < len(ls) else b"").group(0)
        return b"\n".join(ls[:i] + [ind + s] + ls[i:])

    def splice(self, data):
        other = self.r.choice(self.corpus)[1]
        ol = self.lines(other)
        a = self.r.randrange(len(ol))
        chunk = ol[a:a + self.r.randint(1, 6)]
        ls = self.lines(data)
        i = self.r.randrange(len(ls) + 1)
        return b"\n".join(ls[:i] + chunk + ls[i:])


def cpython_verdict(data, python):
    """What CPython says about the file: 'ok' or the exception class."""
    if sys.version_info[:2] == (3, 11):
        warnings.simplefilter("ignore")
        # running a file, CPython decodes the whole file first (compile() of
        # bytes decodes lazily: an invalid byte in a comment would pass)
        try:
            enc, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            data.decode(enc)
        except (SyntaxError, LookupError, UnicodeDecodeError):
            return "SyntaxError", None
        try:
            compile(data, "mutant.py", "exec", dont_inherit=True)
        except (SyntaxError, MemoryError, RecursionError, OverflowError) as e:
            return type(e).__name__, getattr(e, "lineno", None)
        except ValueError as e:  # null bytes: a SyntaxError for a file
            return "SyntaxError", getattr(e, "lineno", None)
        return "ok", None
    code = ("import io, sys, tokenize, warnings\nwarnings.simplefilter('ignore')\n"
            "d = sys.stdin.buffer.read()\ntry:\n"
            " d.decode(tokenize.detect_encoding(io.BytesIO(d).readline)[0])\n"
            "except Exception:\n print('SyntaxError'); sys.exit()\ntry:\n"
            " compile(d, 'mutant.py', 'exec')\n print('ok')\n"
            "except ValueError:\n print('SyntaxError')\n"
            "except Exception as e:\n print(type(e).__name__, getattr(e, 'lineno', None))\n")
    p = subprocess.run([python, "-c", code], input=data, capture_output=True, timeout=60)
    parts = p.stdout.decode().split()
    return parts[0], (int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None)


def egret_verdict(path, egret, timeout):
    r = run.execute([egret, "-X", "dis", path], timeout)
    r.stdout = ""  # the disassembly: not needed
    crash = r.crash()
    if crash:
        return "crash", crash, r
    if r.timed_out:
        return "hang", "timeout", r
    if r.rc == 0:
        return "ok", None, r
    last = r.last_line
    m = re.match(r"(\w+(?:Error|Exception))\b", last)
    cls = m.group(1) if m else "rc=%s %s" % (r.rc, last[:60])
    lines = re.findall(r'File "[^"]*", line (\d+)', r.stderr)
    return cls, (int(lines[-1]) if lines else None), r


def load_corpus():
    files = sorted(glob.glob(os.path.join(CASES, "**", "*.py"), recursive=True))
    corpus = []
    for f in files:
        with open(f, "rb") as fh:
            data = fh.read()
        if data:
            corpus.append((os.path.relpath(f, CASES), data))
    return corpus


def check(data, args, tag):
    d = tempfile.mkdtemp(prefix="egret-fe-", dir=args.workdir)
    path = os.path.join(d, "mutant.py")
    try:
        with open(path, "wb") as f:
            f.write(data)
        ev, einfo, r = egret_verdict(path, args.egret, args.timeout)
        cv, cline = cpython_verdict(data, args.python)
        return {"tag": tag, "egret": ev, "egret_info": einfo, "cpython": cv, "cpython_line": cline,
                "stderr": r.stderr[-1500:]}
    finally:
        shutil.rmtree(d, ignore_errors=True)


def classify(res):
    if res["egret"] in ("crash", "hang"):
        return res["egret"]
    if res["cpython"] in ("MemoryError", "RecursionError"):
        # CPython's parser or compiler gave up (nesting limits): not comparable
        return None if res["egret"] == "ok" or "Error" in res["egret"] else "cpython limit"
    if (res["egret"] == "ok") != (res["cpython"] == "ok"):
        return "syntax disagreement"
    if res["egret"] != res["cpython"] and res["cpython"] not in ("MemoryError", "RecursionError"):
        return "class disagreement"
    return None


def reduce_bytes(data, still_fails, deadline=None):
    """ddmin over lines, then tokens, then bytes."""
    def split(unit, d):
        if unit == "lines":
            return d.split(b"\n")
        if unit == "tokens":
            return [m.group(0) for m in WORD.finditer(d)]
        return [bytes([c]) for c in d]

    for unit in ("lines", "tokens", "bytes"):
        parts = split(unit, data)
        sep = b"\n" if unit == "lines" else b""
        n = 2
        while len(parts) >= 2:
            if deadline and time.time() > deadline:
                return sep.join(parts)
            chunk = max(1, len(parts) // n)
            removed = False
            for i in range(0, len(parts), chunk):
                cand = parts[:i] + parts[i + chunk:]
                if cand and still_fails(sep.join(cand)):
                    parts = cand
                    n = max(n - 1, 2)
                    removed = True
                    break
            if not removed:
                if chunk == 1:
                    break
                n = min(n * 2, len(parts))
        data = sep.join(parts)
    return data


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("--egret", default=run.DEFAULT_EGRET)
    ap.add_argument("--python", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--out", default="/tmp/egret-frontend-out")
    ap.add_argument("--reduce", metavar="FILE",
                    help="shrink FILE while it still fails the same way (crash, hang or disagreement)")
    ap.add_argument("--max-time", type=float, default=120.0, help="with --reduce: stop after this")
    args = ap.parse_args(argv)
    args.python = args.python or run.default_python()
    args.workdir = tempfile.mkdtemp(prefix="egret-frontend-")
    try:
        if args.reduce:
            return do_reduce(args)
        return do_fuzz(args)
    finally:
        shutil.rmtree(args.workdir, ignore_errors=True)


def do_reduce(args):
    with open(args.reduce, "rb") as f:
        data = f.read()
    first = check(data, args, "orig")
    kind = classify(first)
    if not kind:
        print("frontend.py: FILE does not fail", file=sys.stderr)
        return 2
    key = (first["egret"], first["egret_info"]) if kind in ("crash", "hang") else \
        (first["egret"], first["cpython"])

    def still(d):
        r = check(d, args, "cand")
        k = (r["egret"], r["egret_info"]) if kind in ("crash", "hang") else (r["egret"], r["cpython"])
        return classify(r) == kind and k == key

    out = reduce_bytes(data, still, time.time() + args.max_time)
    dst = args.reduce + ".reduced.py"
    with open(dst, "wb") as f:
        f.write(out)
    print(repr(out))
    print(f"# {kind}: {key}; {len(data)} -> {len(out)} bytes, written to {dst}", file=sys.stderr)
    return 0


def do_fuzz(args):
    corpus = load_corpus()
    rng = random.Random(args.seed)
    mut = Mutator(rng, corpus)
    t0 = time.time()
    counts = {}
    examples = {}
    lock = threading.Lock()
    os.makedirs(args.out, exist_ok=True)
    done = 0
    stopped = False

    def job(i, name, data):
        return i, name, data, check(data, args, f"{i}")

    def gen_items():
        for i in range(args.count):
            name, data = rng.choice(corpus)
            yield i, name, mut.mutate(data)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        pending = set()
        items = gen_items()
        while True:
            while len(pending) < args.jobs * 2:
                if args.time_limit is not None and time.time() - t0 > args.time_limit:
                    stopped = True
                    break
                it = next(items, None)
                if it is None:
                    break
                pending.add(pool.submit(job, *it))
            if not pending:
                break
            fin, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for fut in fin:
                i, name, data, res = fut.result()
                done += 1
                kind = classify(res)
                if not kind:
                    counts["agree"] = counts.get("agree", 0) + 1
                    continue
                with lock:
                    counts[kind] = counts.get(kind, 0) + 1
                    if kind in ("crash", "hang"):
                        sig = f"{kind}: {res['egret_info']}"
                    elif kind == "syntax disagreement":
                        sig = f"{kind}: egret {res['egret']}, CPython {res['cpython']}"
                    else:
                        sig = f"{kind}: egret {res['egret']}, CPython {res['cpython']}"
                    ex = examples.setdefault(sig, [])
                    if len(ex) < 5:
                        fn = os.path.join(args.out, f"m{args.seed}_{i}.py")
                        with open(fn, "wb") as f:
                            f.write(data)
                        ex.append((fn, name))
                        if kind in ("crash", "hang"):
                            print(f"{sig}  ({fn}, from {name})", flush=True)
                    else:
                        ex.append(None)
            if stopped and not pending:
                break

    el = time.time() - t0
    print()
    print(f"mutants: {done} of {args.count} in {el:.1f} s" + (" (time limit reached)" if stopped else ""))
    for k in ("agree", "crash", "hang", "syntax disagreement", "class disagreement"):
        print(f"  {k}: {counts.get(k, 0)}")
    for sig, ex in sorted(examples.items()):
        shown = [e for e in ex if e]
        print(f"{sig}: {len(ex)} mutants, e.g. " + ", ".join(f for f, _ in shown[:3]))
    return 1 if counts.get("crash") or counts.get("hang") else 0


if __name__ == "__main__":
    sys.exit(main())
