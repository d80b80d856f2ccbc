//! Reading the files a user names (scenarios, traffic matrices, result files): regular files
//! only, never more than a stated number of bytes, and never waiting on a pipe.
//!
//! A path can name anything: `/dev/zero` never ends, a FIFO blocks the reader until someone
//! writes to it, `/proc` files report a length of 0 whatever they hold. So a file is opened
//! without blocking, checked to be a regular file on the open handle (no race with a rename),
//! and read through a limit one byte larger than allowed, whatever its reported length.

use std::io::Read;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// There is no such file.
    NotFound,
    /// It exists but is not a regular file: a folder, a pipe, a device or a socket.
    NotRegular(&'static str),
    /// It holds more than the limit (in bytes); `len` is its size when the file system knows
    /// it before reading.
    TooLarge { limit: u64, len: Option<u64> },
    /// Any other I/O problem.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file"),
            ReadError::NotRegular(what) => write!(f, "{what}, not a regular file"),
            ReadError::TooLarge {
                limit,
                len: Some(len),
            } => {
                write!(f, "file is {len} bytes, more than the {limit}-byte limit")
            }
            ReadError::TooLarge { limit, len: None } => {
                write!(f, "larger than the {limit}-byte limit")
            }
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What a file type is, in words.
fn describe(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_nonblocking(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        std::io::ErrorKind::IsADirectory => ReadError::NotRegular("a folder"),
        _ => ReadError::Io(e),
    })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(describe(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            limit,
            len: Some(meta.len()),
        });
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit, len: None });
    }
    Ok(bytes)
}

/// Whether `inner` is `outer` or lies inside it, both made absolute and free of `..` and
/// symbolic links as far as they exist.
pub fn is_within(inner: &Path, outer: &Path) -> bool {
    match (resolve(inner), resolve(outer)) {
        (Some(i), Some(o)) => i.starts_with(&o),
        _ => false,
    }
}

/// `path` made absolute: its longest existing ancestor canonicalized (symbolic links and `..`
/// resolved), the rest appended with `.` and `..` applied by name. `None` when not even the
/// working directory can be read.
pub fn resolve(path: &Path) -> Option<std::path::PathBuf> {
    use std::path::Component;
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut out = std::path::PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out = match out.join("..").canonicalize() {
                    Ok(p) => p,
                    Err(_) => {
                        out.pop();
                        out
                    }
                };
            }
            Component::Normal(name) => {
                let next = out.join(name);
                out = next.canonicalize().unwrap_or(next);
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_device_stops_at_the_limit() {
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 1024),
            Err(ReadError::NotRegular("a device"))
        ));
    }

    #[test]
    fn a_proc_file_of_reported_length_zero_is_read_through_the_limit() {
        let bytes = read_bounded(Path::new("/proc/self/status"), 1 << 20).unwrap();
        assert!(!bytes.is_empty());
        assert!(matches!(
            read_bounded(Path::new("/proc/self/status"), 8),
            Err(ReadError::TooLarge {
                limit: 8,
                len: None
            })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read_bounded(&fifo, 1024),
            Err(ReadError::NotRegular("a named pipe"))
        ));
    }

    #[test]
    fn a_folder_and_a_missing_file_say_so() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_bounded(dir.path(), 1024),
            Err(ReadError::NotRegular("a folder"))
        ));
        assert!(matches!(
            read_bounded(&dir.path().join("nope"), 1024),
            Err(ReadError::NotFound)
        ));
    }

    #[test]
    fn containment_sees_through_dot_dot_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir(&a).unwrap();
        assert!(is_within(&a.join("x/../y"), &a));
        assert!(!is_within(&a.join("../b"), &a));
        #[cfg(unix)]
        {
            let link = a.join("up");
            std::os::unix::fs::symlink(dir.path(), &link).unwrap();
            assert!(!is_within(&link.join("b"), &a));
        }
    }
}
