//! Peak resident memory of a child process: run a command, reap it with `wait4`, and read the
//! kernel's high-water mark of its resident set (`ru_maxrss`), which covers that child alone.
//! Shared by the memory tests and the scale benchmark.

use std::process::{Command, Stdio};

/// What a finished child left: its exit code and its peak resident set.
#[derive(Debug, Clone)]
pub struct Finished {
    /// `None` when a signal ended it.
    pub code: Option<i32>,
    /// Peak resident set size in bytes.
    pub peak_rss: u64,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Finished {
    /// The peak resident set in MB (10⁶ bytes), as the README states memory.
    pub fn peak_mb(&self) -> f64 {
        self.peak_rss as f64 / 1e6
    }
}

/// Runs `cmd` to the end (its output captured through files, so a large output cannot fill
/// a pipe while the child is not yet reaped) and returns its exit code and peak RSS.
pub fn run_measured(cmd: Command) -> Finished {
    run(cmd, true)
}

/// [`run_measured`] for a command whose standard output is not wanted (it is discarded, so a
/// listing of millions of lines costs no disk).
pub fn run_measured_quiet(cmd: Command) -> Finished {
    run(cmd, false)
}

fn run(mut cmd: Command, keep_stdout: bool) -> Finished {
    let dir = tempfile::tempdir().expect("temp dir for the child's output");
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let out = if keep_stdout {
        Stdio::from(std::fs::File::create(&out_path).expect("stdout file"))
    } else {
        Stdio::null()
    };
    let err = std::fs::File::create(&err_path).expect("stderr file");
    let child = cmd
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of that plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet reaped (Child is never waited on); status and usage
    // point to live locals.
    let reaped = loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        break r;
    };
    assert_eq!(
        reaped,
        pid,
        "wait4 on {cmd:?}: {}",
        std::io::Error::last_os_error()
    );
    drop(child);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Finished {
        code,
        // Linux reports ru_maxrss in kilobytes (KiB).
        peak_rss: usage.ru_maxrss as u64 * 1024,
        stdout: std::fs::read(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    }
}
