//! A result folder written as one unit.
//!
//! Every file of a run is written into a fresh sibling folder (`.NAME.staging-PID-N`) beside
//! the target; when all of them and the manifest are on disk, the staging folder takes the
//! target's place in one `renameat2(RENAME_EXCHANGE)` (or one rename when there was no
//! target), and the previous result is removed. A reader therefore sees the previous complete
//! result or the new complete one, never a mix, and nothing of an earlier run survives a new
//! one. A staging folder left by a killed run is removed by the next run into the same target.

use super::manifest::{MANIFEST, Manifest, file_entries};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A result folder being written.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

static SEQUENCE: AtomicU64 = AtomicU64::new(0);

fn sibling(target: &Path, tag: &str) -> io::Result<(PathBuf, String)> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty() && n != "." && n != "..")
        .ok_or_else(|| {
            io::Error::other(format!(
                "{} does not name a folder (give a path such as output/run1)",
                target.display()
            ))
        })?;
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok((parent.join(format!(".{name}.{tag}")), name))
}

/// Whether a process with this id is running (a staging folder of a live run is not stale).
fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Removes staging and retired folders of `target` left by runs that no longer exist.
fn remove_stale(target: &Path) {
    let Ok((probe, name)) = sibling(target, "x") else {
        return;
    };
    let Some(parent) = probe.parent() else { return };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.");
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let Some(tail) = rest
            .strip_prefix("staging-")
            .or_else(|| rest.strip_prefix("retired-"))
        else {
            continue;
        };
        let pid = tail.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| p != std::process::id() && !alive(p)) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// What a result may replace: the folder it is written to, and the files it was computed from,
/// which it must never touch.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// Replace a folder that is not a vpcsim result (the user typed `--force`).
    pub force: bool,
    /// Every file or folder the command reads: scenarios, traffic matrices, baselines, the
    /// folders being merged or compared.
    pub inputs: Vec<PathBuf>,
}

/// How many entries of a folder to name in a message.
const SHOWN_ENTRIES: usize = 4;

/// The names of a folder's entries, for a message: a few, then how many more.
fn contents(dir: &Path) -> String {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return "entries that cannot be listed".into();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| crate::report::safe(&e.file_name().to_string_lossy()).into_owned())
        .collect();
    names.sort();
    let more = names.len().saturating_sub(SHOWN_ENTRIES);
    names.truncate(SHOWN_ENTRIES);
    let mut text = names.join(", ");
    if more > 0 {
        text += &format!(" and {more} more");
    }
    text
}

/// Checks that a result may be written to `target`: it is absent, an empty folder, or a
/// vpcsim result that verifies against its manifest (anything else only with `force`); and it
/// neither is, contains nor lies inside an input, nor contains the working directory.
pub fn check_target(target: &Path, guard: &Guard) -> Result<(), String> {
    use crate::input::is_within;
    let shown = target.display();
    if let Ok(cwd) = std::env::current_dir()
        && is_within(&cwd, target)
    {
        return Err(format!(
            "refusing to write to {shown}: it contains the working directory {}; choose a folder \
             below it, such as output/run1",
            cwd.display()
        ));
    }
    for input in &guard.inputs {
        let input_shown = input.display();
        if is_within(input, target) {
            return Err(format!(
                "refusing to write to {shown}: it holds {input_shown}, an input of this command, \
                 which replacing the folder would delete; choose another --out"
            ));
        }
        if is_within(target, input) {
            return Err(format!(
                "refusing to write to {shown}: it lies inside {input_shown}, an input of this \
                 command; choose another --out"
            ));
        }
    }
    let meta = match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot use {shown}: {e}")),
        Ok(m) => m,
    };
    if !meta.is_dir() {
        return Err(format!(
            "{shown} exists and is not a folder; choose another --out"
        ));
    }
    let empty = std::fs::read_dir(target)
        .map_err(|e| format!("cannot use {shown}: {e}"))?
        .next()
        .is_none();
    if empty || guard.force {
        return Ok(());
    }
    if !target.join(MANIFEST).exists() {
        return Err(format!(
            "refusing to replace {shown}: it is not a vpcsim result (it holds {}); choose a new or \
             empty folder, or add --force to replace it and everything in it",
            contents(target)
        ));
    }
    super::manifest::verify(target).map(|_| ()).map_err(|why| {
        format!(
            "refusing to replace {shown}: it has a manifest but is not an untouched vpcsim \
             result ({why}); add --force to replace it and everything in it"
        )
    })
}

impl Staging {
    /// Starts writing a result that will replace `target`, once [`check_target`] allows it.
    pub fn begin(target: &Path, guard: &Guard) -> Result<Staging, String> {
        check_target(target, guard)?;
        Staging::begin_unchecked(target)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))
    }

    /// Starts writing a result that will replace `target`, which the caller has checked.
    fn begin_unchecked(target: &Path) -> io::Result<Staging> {
        remove_stale(target);
        let (dir, _) = sibling(
            target,
            &format!(
                "staging-{}-{}",
                std::process::id(),
                SEQUENCE.fetch_add(1, Ordering::Relaxed)
            ),
        )?;
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// The folder to write files into.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The folder the result will be at once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes the manifest (with every file's size and hash) and puts the result in place.
    pub fn commit(mut self, mut manifest: Manifest) -> io::Result<()> {
        manifest.files = file_entries(&self.dir)?;
        manifest.seal = manifest.compute_seal();
        let json = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
        super::write_atomic(&self.dir.join(MANIFEST), &json)?;
        sync_dir(&self.dir);
        crash_point();
        swap_into_place(&self.dir, &self.target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Puts `staged` at `target`: exchanged atomically with an existing target, which is then
/// removed; renamed when there is none.
fn swap_into_place(staged: &Path, target: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::rename(staged, target)?;
        }
        Err(e) => return Err(e),
        Ok(meta) if !meta.is_dir() => {
            return Err(io::Error::other(format!(
                "{} exists and is not a folder; choose another --out",
                target.display()
            )));
        }
        Ok(_) => {
            if exchange(staged, target).is_err() {
                // No RENAME_EXCHANGE on this file system: retire the old folder first. A kill
                // between the two renames leaves the new result staged and the old one
                // retired beside the target, both complete.
                let (retired, _) = sibling(target, &format!("retired-{}", std::process::id()))?;
                std::fs::rename(target, &retired)?;
                std::fs::rename(staged, target)?;
                let _ = std::fs::remove_dir_all(&retired);
                return Ok(());
            }
            crash_point();
            // The old result now sits at the staging path.
            let _ = std::fs::remove_dir_all(staged);
        }
    }
    if let Some(parent) = target.parent() {
        sync_dir(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        });
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings for the duration of the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::other("RENAME_EXCHANGE is Linux-only"))
}

/// Fault injection for the kill tests: with `VPCSIM_KILL_AT_WRITE=k`, the process kills itself
/// (SIGKILL, no clean-up) at the k-th write point of its output phase. Write points are every
/// file written, the manifest, and each step of the swap.
pub(crate) fn crash_point() {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    static TARGET: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    let target = *TARGET.get_or_init(|| {
        std::env::var("VPCSIM_KILL_AT_WRITE")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    if let Some(k) = target {
        let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
        if n == k {
            // SAFETY: sending a signal to our own process.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::manifest::{Kind, Manifest};

    fn manifest() -> Manifest {
        Manifest::new(Kind::Run, "t", "0".repeat(64), 1, 1, None)
    }

    #[test]
    fn a_commit_replaces_every_file_of_the_previous_result() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        let s = Staging::begin_unchecked(&target).unwrap();
        std::fs::write(s.path().join("old.csv"), b"a\n").unwrap();
        s.commit(manifest()).unwrap();
        let s = Staging::begin_unchecked(&target).unwrap();
        std::fs::write(s.path().join("new.csv"), b"b\n").unwrap();
        s.commit(manifest()).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["manifest.json", "new.csv"]);
        let siblings: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(siblings.len(), 1, "only the target remains");
    }

    #[test]
    fn an_abandoned_staging_folder_is_removed() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        {
            let s = Staging::begin_unchecked(&target).unwrap();
            std::fs::write(s.path().join("x"), b"x").unwrap();
        }
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_stale_staging_folder_of_a_dead_process_is_cleaned_up() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        // PID 1 is alive; u32::MAX is not a process.
        let stale = root.path().join(format!(".out.staging-{}-0", u32::MAX - 1));
        std::fs::create_dir(&stale).unwrap();
        let s = Staging::begin_unchecked(&target).unwrap();
        assert!(!stale.exists());
        drop(s);
    }
}
