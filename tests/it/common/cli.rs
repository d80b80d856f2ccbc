//! Running the `vpcsim` binary the way a user does, from the project's root unless a test says
//! otherwise.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// What one invocation left behind.
#[derive(Debug)]
pub struct Out {
    /// `None` when a signal ended the process.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Panics, showing both streams, unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Panics unless stderr contains every fragment.
    #[track_caller]
    pub fn expect_stderr(&self, fragments: &[&str]) -> &Self {
        for f in fragments {
            assert!(
                self.stderr.contains(f),
                "stderr lacks {f:?}:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// Runs `vpcsim ARGS` in the project's root.
pub fn vpcsim<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Out {
    vpcsim_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs `vpcsim ARGS` in `dir`.
pub fn vpcsim_in<S: AsRef<OsStr>>(dir: &Path, args: impl IntoIterator<Item = S>) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("vpcsim runs");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `vpcsim ARGS` in the project's root with extra environment variables.
pub fn vpcsim_with_env<S: AsRef<OsStr>>(args: &[S], env: &[(&str, &str)]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("vpcsim runs");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
