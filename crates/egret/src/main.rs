//! The `egret` command: run a file, `-c`, `-m`, or the REPL.

#[cfg(feature = "mimalloc")]
mod alloc;
mod cli;
mod repl;

/// mimalloc for small blocks, the system allocator for huge ones (see
/// `alloc`).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: alloc::Allocator = alloc::Allocator;

fn main() {
    std::process::exit(cli::main());
}
