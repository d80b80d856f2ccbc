//! Writing output files atomically: each file is written to a temporary name in the same
//! folder and renamed into place, so an interrupted run never leaves a truncated file that
//! looks complete.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` via a temporary file and a rename. The error names the file (a
/// full disk says which file could not be written).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_unnamed(path, bytes)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

fn write_atomic_unnamed(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    injected_failure(&name)?;
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        super::outdir::crash_point();
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Fault injection for the tests of what a failed write leaves: with
/// `VPCSIM_FAIL_WRITE=NAME`, writing a file named NAME fails as on a full disk.
pub(crate) fn injected_failure(name: &str) -> std::io::Result<()> {
    static TARGET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let target = TARGET.get_or_init(|| std::env::var("VPCSIM_FAIL_WRITE").ok());
    match target {
        Some(t) if t == name => Err(std::io::Error::from_raw_os_error(28)),
        _ => Ok(()),
    }
}

/// A scenario name made safe as one folder name: letters, digits, '-', '_' and '.', never
/// starting with '.', so `name = "../../x"` cannot escape the output folder.
pub fn sanitize_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "scenario".to_string()
    } else {
        s
    }
}

/// The default output folder of a scenario: `output/<sanitized name>/`.
pub fn default_out_dir(name: &str) -> PathBuf {
    Path::new("output").join(sanitize_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_escape_the_output_folder() {
        assert_eq!(sanitize_name("../../x"), "_.._x");
        assert_eq!(sanitize_name("/etc/passwd"), "_etc_passwd");
        assert_eq!(sanitize_name(".."), "scenario");
        assert_eq!(sanitize_name("hz-sg_1.2"), "hz-sg_1.2");
    }

    #[test]
    fn atomic_write_leaves_only_the_final_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        write_atomic(&p, b"x,y\n").unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.csv")]);
        assert_eq!(std::fs::read(&p).unwrap(), b"x,y\n");
    }
}
