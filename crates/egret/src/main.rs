//! The `egret` command: run a file, `-c`, `-m`, or the REPL.

mod cli;
mod repl;

fn main() {
    std::process::exit(cli::main());
}
