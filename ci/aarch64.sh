#!/usr/bin/env bash
# Cross-builds egret for aarch64-unknown-linux-gnu on an x86-64 Debian 12
# machine and runs the conformance suite for it under qemu user-mode
# emulation, in every JIT mode.
#
# The recipe (see ../shared/notes/aarch64.md): Debian's own Rust cross
# toolchain (rustc-web 1.96 with the arm64 standard library), gcc as the
# linker, qemu-user-static as the runner. The host's rustup toolchain has no
# aarch64 standard library and cannot fetch one, so Debian's rustc and cargo
# are called by full path.
#
# Usage: ci/aarch64.sh            install what is missing, build, run the suite
#        ci/aarch64.sh --no-install
# Environment: EGRET_CONFORMANCE_MODES (default off,on,eager),
#              EGRET_CONFORMANCE_FILTER (only cases whose id contains it).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=aarch64-unknown-linux-gnu
# A separate target directory: the cross build uses another rustc, and must
# not invalidate the host build's artefacts.
CROSS_DIR=target/cross
PROFILE=cross
# No `-L /usr/aarch64-linux-gnu`: that tree's loader (libc6-arm64-cross)
# is a different glibc build from the multiarch libc6:arm64 the binary also
# finds, and the mix hangs in pthread_create. The multiarch libraries alone
# are consistent.
QEMU="qemu-aarch64-static"
MODES="${EGRET_CONFORMANCE_MODES:-off,on,eager}"

need_install() {
    [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] \
        && [ -x /usr/bin/aarch64-linux-gnu-gcc ] \
        && [ -x /usr/bin/qemu-aarch64-static ] \
        && [ -e /lib/ld-linux-aarch64.so.1 ] \
        && ls /usr/lib/rustlib/$TARGET/lib/libstd-*.rlib >/dev/null 2>&1 \
        && return 1
    return 0
}

if [ "${1:-}" != "--no-install" ] && need_install; then
    echo "== aarch64: installing the cross toolchain and qemu (Debian packages)"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO dpkg --add-architecture arm64
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
        rustc-web cargo-web libstd-rust-web-dev:arm64 libc6:arm64 \
        gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static
fi
echo "== aarch64: $(/usr/bin/rustc --version), $(qemu-aarch64-static --version | head -1)"

start=$(date +%s)
echo "== aarch64: cross-building egret (profile $PROFILE)"
CARGO_TARGET_DIR=$CROSS_DIR \
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
RUSTC=/usr/bin/rustc \
    /usr/bin/cargo build --locked --profile $PROFILE --target $TARGET -p egret
EGRET="$CROSS_DIR/$TARGET/$PROFILE/egret"
file "$EGRET" 2>/dev/null || true
echo "== aarch64: build took $(( $(date +%s) - start ))s"

# Smoke test: the binary runs under emulation and JIT-compiles.
timeout 120 $QEMU "$EGRET" --jit=eager -c 'def f(n):
    s = 0
    for i in range(n):
        s += i * i
    return s
print("aarch64 smoke:", f(1000))'

# The conformance runner itself is a host program (built by the host
# toolchain); only egret runs under qemu.
cargo build --locked -p egret-conformance
# The standard library egret uses is this machine's (x86-64) CPython's, whose
# sysconfig data module is named for x86-64; sysconfig under the aarch64
# binary would look for the aarch64 one. Cross builds name it this way.
_PYTHON_SYSCONFIGDATA_NAME="$(python3 -c 'import sysconfig; print(sysconfig._get_sysconfigdata_name())')"
export _PYTHON_SYSCONFIGDATA_NAME
run_start=$(date +%s)
FILTER_ARGS=()
[ -n "${EGRET_CONFORMANCE_FILTER:-}" ] && FILTER_ARGS=("$EGRET_CONFORMANCE_FILTER")
./target/debug/egret-conformance \
    --egret "$EGRET" \
    --runner "$QEMU" \
    --mode "$MODES" \
    --timeout 120 \
    "${FILTER_ARGS[@]}"
echo "== aarch64: conformance took $(( $(date +%s) - run_start ))s"
