//! The `egret` command: run a file, `-c`, `-m`, or the REPL.

mod cli;
mod repl;

/// Small objects are most of what egret allocates: mimalloc's size-class
/// pages make that cheaper, and keep objects allocated together close in
/// memory (which the cycle collector's walks profit from: a full
/// collection of 200,000 instances takes a third of the time it takes with
/// glibc's allocator). Built without transparent huge pages (`no_thp`),
/// which would add some 20 MiB to every process's resident size.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
