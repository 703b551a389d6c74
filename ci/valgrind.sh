#!/usr/bin/env bash
# Runs a sample of the conformance cases under valgrind's memcheck, in the
# interpreter (--jit=off) and with everything compiled (--jit=eager), and
# fails if valgrind reports any error (invalid reads or writes, use of
# uninitialised values, double frees, ...) in any of them.
#
# The sample: every case of jitedge/ (the JIT's edge cases) and every
# SAMPLE_EVERY-th other case (sorted by path), except a few too slow
# under memcheck. Leaks are not counted:
# objects alive at exit (module globals, interned strings, caches) are
# released by the operating system, as CPython's are.
#
# Usage: ci/valgrind.sh [--all]      (--all: every case)
# Environment: VALGRIND_MODES (default off,eager), VALGRIND_JOBS (default 2),
#              SAMPLE_EVERY (default 16), EGRET (default: a debug build
#              with the system allocator, whose blocks memcheck follows,
#              instead of mimalloc's pages).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null; then
    echo "== valgrind: installing"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q valgrind >/dev/null
fi
if [ -z "${EGRET:-}" ]; then
    # Only the egret binary crate changes with the feature: a short build.
    cargo build --locked -p egret --no-default-features
    mkdir -p target/valgrind
    cp target/debug/egret target/valgrind/egret
    EGRET=target/valgrind/egret
fi
EGRET=$(realpath "$EGRET")
MODES="${VALGRIND_MODES:-off,eager}"
JOBS="${VALGRIND_JOBS:-2}"
EVERY="${SAMPLE_EVERY:-16}"
[ "${1:-}" = "--all" ] && EVERY=1

mapfile -t all < <(find conformance/cases -name '*.py' ! -name '_*' ! -path '*/_*/*' | sort)
sample=()
i=0
for c in "${all[@]}"; do
    case "$c" in
        # Too slow under memcheck (hundreds of thousands of frames,
        # allocations of terabytes that memcheck refuses differently, or
        # every code point of the Unicode database looked up: over 600 s).
        */deep_recursion_native_stack.py|*/recursion/*|*/memory_errors.py) ;;
        */strings/unicodedata_*.py) ;;
        */jitedge/*) sample+=("$c") ;;
        *) [ $((i % EVERY)) -eq 0 ] && sample+=("$c") ;;
    esac
    i=$((i + 1))
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export EGRET out
run_one() {
    local mode=$1 case=$2
    local log="$out/$(echo "$mode-$case" | tr '/' '_').log"
    # Each case runs in its directory and without site (-S), as the
    # conformance runner runs it (site under memcheck multiplied this
    # step's time), with a time limit; its own exit status does not matter
    # here, only valgrind's verdict (exit status 99 when it found errors).
    local status=0
    (cd "$(dirname "$case")" && timeout 600 valgrind -q --error-exitcode=99 \
        --smc-check=all-non-file --log-file="$log" \
        "$EGRET" -S --jit="$mode" "$(basename "$case")" >/dev/null 2>&1) || status=$?
    if [ "$status" -eq 99 ]; then
        echo "ERRORS  $mode $case"
        sed 's/^/    /' "$log" | head -40
    elif [ "$status" -eq 124 ]; then
        echo "TIMEOUT $mode $case"
    elif grep -q '^valgrind: ' "$log" 2>/dev/null || [ "$status" -ge 125 ]; then
        # valgrind itself could not run the program.
        echo "ERRORS  $mode $case (valgrind did not run it: status $status)"
        head -5 "$log" 2>/dev/null | sed 's/^/    /'
    fi
}
export -f run_one

start=$(date +%s)
echo "== valgrind: ${#sample[@]} of ${#all[@]} cases, modes $MODES, $JOBS jobs"
for mode in ${MODES//,/ }; do
    for c in "${sample[@]}"; do printf '%s %s\n' "$mode" "$c"; done
done | xargs -P "$JOBS" -n 2 bash -c 'run_one "$0" "$1"' | tee "$out/report"
bad=$(grep -c '^ERRORS' "$out/report" || true)
slow=$(grep -c '^TIMEOUT' "$out/report" || true)
runs=$(( ${#sample[@]} * $(echo "$MODES" | tr ',' '\n' | wc -l) ))
echo "== valgrind: $runs runs, $bad with errors, $slow timed out, $(( $(date +%s) - start ))s"
[ "$bad" -eq 0 ] && [ "$slow" -eq 0 ]
