//! Running one process: stdin closed, stdout and stderr captured, killed if
//! it outlives its timeout.
//!
//! Only std is used: the two pipes are drained by reader threads (so a chatty
//! child never blocks on a full pipe) while the calling thread polls
//! [`Child::try_wait`] until the process exits or the deadline passes.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// At most this many bytes of each stream are kept; the rest is drained and
/// dropped (a runaway `while True: print()` must not exhaust memory).
pub const CAPTURE_LIMIT: usize = 16 << 20;

/// How long to wait for the pipes to close once the process has exited.
/// They can stay open longer only if the process left children behind.
const PIPE_GRACE: Duration = Duration::from_secs(2);

/// The longest pause between two polls of the child.
const MAX_POLL: Duration = Duration::from_millis(20);

/// The captured result of running a process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Execution {
    /// The exit status, or `None` if the process was killed on timeout.
    /// Death by signal `N` is reported as `-N`, as CPython's `subprocess`
    /// (and therefore the recorded expectations) do.
    pub status: Option<i32>,
    /// Captured stdout (at most [`CAPTURE_LIMIT`] bytes).
    pub stdout: Vec<u8>,
    /// Captured stderr (at most [`CAPTURE_LIMIT`] bytes).
    pub stderr: Vec<u8>,
    /// True if either stream was longer than [`CAPTURE_LIMIT`].
    pub truncated: bool,
    /// Wall-clock time from spawn to exit (or to the kill).
    pub elapsed: Duration,
}

impl Execution {
    /// Whether the process was killed because it ran out of time.
    pub fn timed_out(&self) -> bool {
        self.status.is_none()
    }
}

/// Which pipe a reader thread drains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stream {
    Stdout,
    Stderr,
}

/// What a reader thread sends back: its stream, the bytes and whether more
/// was dropped.
type Captured = (Stream, io::Result<(Vec<u8>, bool)>);

/// Runs `command` with stdin null and stdout/stderr captured, killing it if
/// it is still running after `timeout`.
///
/// Returns an error if the process cannot be started or waited for, or its
/// output cannot be read.
pub fn execute(mut command: Command, timeout: Duration) -> Result<Execution, String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let program = command.get_program().to_string_lossy().into_owned();
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|err| format!("cannot run {program}: {err}"))?;

    let (sender, receiver) = mpsc::channel::<Captured>();
    let mut readers = 0;
    if let Some(pipe) = child.stdout.take() {
        spawn_reader(pipe, Stream::Stdout, sender.clone(), &mut child)?;
        readers += 1;
    }
    if let Some(pipe) = child.stderr.take() {
        spawn_reader(pipe, Stream::Stderr, sender, &mut child)?;
        readers += 1;
    }

    let status = wait_with_deadline(&mut child, start, timeout)
        .map_err(|err| format!("cannot wait for {program}: {err}"))?;
    let elapsed = start.elapsed();

    let mut execution = Execution {
        status: status.map(exit_code),
        elapsed,
        ..Execution::default()
    };
    let grace_end = Instant::now() + PIPE_GRACE;
    for _ in 0..readers {
        let remaining = grace_end.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(remaining) {
            Ok((stream, Ok((bytes, truncated)))) => {
                execution.truncated |= truncated;
                match stream {
                    Stream::Stdout => execution.stdout = bytes,
                    Stream::Stderr => execution.stderr = bytes,
                }
            }
            Ok((stream, Err(err))) => {
                return Err(format!("cannot read {stream:?} of {program}: {err}"));
            }
            // The process exited but something it started still holds the
            // pipes open; report what we have rather than hang.
            Err(_) => break,
        }
    }
    Ok(execution)
}

/// Starts a thread draining `pipe` into a buffer and sending it on `sender`.
/// On failure the child is killed so it does not linger.
fn spawn_reader(
    mut pipe: impl Read + Send + 'static,
    stream: Stream,
    sender: mpsc::Sender<Captured>,
    child: &mut Child,
) -> Result<(), String> {
    let spawned = thread::Builder::new()
        .name(format!("conformance-{stream:?}"))
        .spawn(move || {
            let result = read_capped(&mut pipe);
            // The receiver may have given up waiting; nothing to do then.
            let _ = sender.send((stream, result));
        });
    match spawned {
        Ok(_) => Ok(()),
        Err(err) => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!("cannot start a reader thread: {err}"))
        }
    }
}

/// Reads `pipe` to end of file, keeping at most [`CAPTURE_LIMIT`] bytes.
/// Returns the bytes and whether anything was dropped.
fn read_capped(pipe: &mut impl Read) -> io::Result<(Vec<u8>, bool)> {
    let mut kept = Vec::new();
    let mut truncated = false;
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match pipe.read(&mut chunk) {
            Ok(0) => return Ok((kept, truncated)),
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        let room = CAPTURE_LIMIT - kept.len();
        if n > room {
            truncated = true;
        }
        kept.extend_from_slice(&chunk[..n.min(room)]);
    }
}

/// Polls `child` until it exits (returning its status) or `timeout` has
/// passed since `start` (killing it and returning `None`).
fn wait_with_deadline(
    child: &mut Child,
    start: Instant,
    timeout: Duration,
) -> io::Result<Option<ExitStatus>> {
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let elapsed = start.elapsed();
        if elapsed >= timeout {
            // Ignore a kill error: the child may have exited just now.
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        thread::sleep(pause.min(timeout - elapsed));
        pause = (pause * 2).min(MAX_POLL);
    }
}

/// The exit code of `status`, with death by signal `N` mapped to `-N`.
fn exit_code(status: ExitStatus) -> i32 {
    if let Some(code) = status.code() {
        return code;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return -signal;
        }
    }
    -1
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        command
    }

    #[test]
    fn captures_output_and_status() {
        let run = execute(
            sh("printf 'out\\n'; printf 'err\\n' >&2; exit 3"),
            Duration::from_secs(10),
        )
        .expect("sh runs");
        assert_eq!(run.status, Some(3));
        assert_eq!(run.stdout, b"out\n");
        assert_eq!(run.stderr, b"err\n");
        assert!(!run.truncated);
        assert!(!run.timed_out());
    }

    #[test]
    fn stdin_is_closed() {
        let run = execute(sh("cat; echo done"), Duration::from_secs(10)).expect("sh runs");
        assert_eq!(run.status, Some(0));
        assert_eq!(run.stdout, b"done\n");
    }

    #[test]
    fn signals_are_negative() {
        let run = execute(sh("kill -9 $$"), Duration::from_secs(10)).expect("sh runs");
        assert_eq!(run.status, Some(-9));
    }

    #[test]
    fn timeout_kills() {
        let run = execute(sh("exec sleep 10"), Duration::from_millis(200)).expect("sh runs");
        assert!(run.timed_out());
        assert!(run.elapsed < Duration::from_secs(5));
    }

    #[test]
    fn missing_program_is_an_error() {
        let result = execute(
            Command::new("/nonexistent/egret-binary"),
            Duration::from_secs(1),
        );
        assert!(result.is_err());
    }
}
