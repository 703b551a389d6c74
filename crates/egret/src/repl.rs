//! The interactive prompt: line editing (rustyline), `...` continuation for
//! blocks, expression results shown through `sys.displayhook`.

use egret_runtime::Vm;
use rustyline::error::ReadlineError;

/// Whether `src` needs more lines (an open block or bracket).
fn incomplete(src: &str) -> bool {
    let last = src.lines().last().unwrap_or("");
    if last.trim_end().ends_with(':') || last.trim_end().ends_with('\\') {
        return true;
    }
    let mut depth = 0i32;
    for c in src.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    if depth > 0 {
        return true;
    }
    // Inside a block: wait for an empty line.
    src.lines().count() > 1
        && !src.ends_with("\n\n")
        && src
            .lines()
            .next()
            .is_some_and(|l| l.trim_end().ends_with(':'))
}

/// A line of a prompt whose input is not a terminal (`-i` with a pipe): the
/// prompt goes to stderr, as CPython writes it.
fn read_piped(prompt: &str) -> Result<String, ReadlineError> {
    eprint!("{prompt}");
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) => Err(ReadlineError::Eof),
        Ok(_) => {
            if line.ends_with('\n') {
                line.pop();
            }
            Ok(line)
        }
        Err(e) => Err(ReadlineError::Io(e)),
    }
}

/// The prompt, in `__main__`'s namespace; the banner first if `banner`.
pub fn run(vm: &mut Vm, banner: bool) -> i32 {
    if banner {
        println!(
            "egret {} (Python 3.11 compatible)\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.",
            env!("CARGO_PKG_VERSION")
        );
    }
    let mut rl = match rustyline::DefaultEditor::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("egret: cannot start the line editor: {e}");
            return 1;
        }
    };
    let tty = std::io::IsTerminal::is_terminal(&std::io::stdin());
    let mut buf = String::new();
    loop {
        let prompt = if buf.is_empty() { ">>> " } else { "... " };
        let read = if tty {
            rl.readline(prompt)
        } else {
            read_piped(prompt)
        };
        match read {
            Ok(line) => {
                buf.push_str(&line);
                buf.push('\n');
                if incomplete(&buf)
                    && !(line.trim().is_empty()
                        && !buf.trim().is_empty()
                        && buf.lines().count() > 1)
                {
                    continue;
                }
                let src = std::mem::take(&mut buf);
                if src.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(src.trim_end());
                if let Some(status) = vm.run_interactive(&src) {
                    return status;
                }
            }
            Err(ReadlineError::Interrupted) => {
                buf.clear();
                println!("KeyboardInterrupt");
            }
            Err(ReadlineError::Eof) => {
                // As CPython: the newline after the last prompt goes where
                // the prompts went.
                if tty {
                    println!();
                } else {
                    eprintln!();
                }
                return 0;
            }
            Err(e) => {
                eprintln!("egret: {e}");
                return 1;
            }
        }
    }
}
