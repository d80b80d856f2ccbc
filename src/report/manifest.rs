//! manifest.json: what a result folder holds and where it came from.
//!
//! Every result folder (a run, a shard, a sweep, an N-1 analysis) ends with a manifest that
//! names the scenario (and the SHA-256 of its content), the seed, the replication count, the
//! shard, the tool version, the SLA targets, and every file with its size and SHA-256. `plot`,
//! `merge`, `check` and `compare` verify it before they read anything, so a folder that was
//! edited, truncated, mixed with another run or never finished is refused.

use super::summary::Targets;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// The largest manifest read: a manifest lists files, it is kilobytes.
pub const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

/// What a folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A whole run: CSVs, summary.json, plots, report.html.
    Run,
    /// One shard of a run: CSVs only, for `merge`.
    Shard,
    /// A sweep: sweep.csv, summary.json, and each value's run under sweep/.
    Sweep,
    /// An N-1 analysis: n1.csv, summary.json, the n1 plot, report.html.
    N1,
    /// A comparison of two designs.
    Compare,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Run => "run",
            Kind::Shard => "shard",
            Kind::Sweep => "sweep",
            Kind::N1 => "n1",
            Kind::Compare => "compare",
        }
    }
}

/// Which shard a folder holds, as on the command line: `index` of `count`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardRef {
    pub index: u32,
    pub count: u32,
}

/// One file of the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Relative to the folder, with '/' separators.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always "vpcsim".
    pub tool: String,
    pub version: String,
    pub kind: Kind,
    pub scenario: String,
    /// SHA-256 of the scenario file and every file it reads (traffic matrices), hex.
    pub scenario_hash: String,
    pub seed: u64,
    pub replications: u64,
    pub shard: Option<ShardRef>,
    pub sla: Option<Targets>,
    /// What each flow and connection is judged on, so merge judges shards as the run would.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<crate::sla::targets::DesignTargets>,
    /// Names of the flows and connections judged, in report order.
    #[serde(default)]
    pub flows: Vec<String>,
    #[serde(default)]
    pub connections: Vec<String>,
    /// Events processed over all replications of the folder.
    #[serde(default)]
    pub events: u64,
    /// Servers crossed by packets over all replications of the folder.
    #[serde(default)]
    pub packet_hops: u64,
    /// A shard's billed items and their pricing, so merge can price what all shards measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<crate::plan::cost::Cost>,
    pub files: Vec<FileEntry>,
    /// SHA-256 of this manifest with `seal` empty: every field above is covered, so an edited
    /// SLA target, event count or version is refused like an edited file.
    #[serde(default)]
    pub seal: String,
}

impl Manifest {
    pub fn new(
        kind: Kind,
        scenario: &str,
        scenario_hash: String,
        seed: u64,
        replications: u64,
        shard: Option<ShardRef>,
    ) -> Manifest {
        Manifest {
            tool: "vpcsim".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind,
            scenario: scenario.into(),
            scenario_hash,
            seed,
            replications,
            shard,
            cost: None,
            sla: None,
            targets: None,
            flows: Vec::new(),
            connections: Vec::new(),
            events: 0,
            packet_hops: 0,
            files: Vec::new(),
            seal: String::new(),
        }
    }

    /// The seal of this manifest's content (see [`Manifest::seal`]).
    pub fn compute_seal(&self) -> String {
        let mut unsealed = self.clone();
        unsealed.seal.clear();
        // Serialising a plain struct of strings and numbers cannot fail.
        sha256_hex(&serde_json::to_vec(&unsealed).unwrap_or_default())
    }

    /// The entry of a file, if listed.
    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// SHA-256 of bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 and size of a file, read in blocks.
pub fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        n += k as u64;
        h.update(&buf[..k]);
    }
    Ok((n, hex(&h.finalize())))
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let t = e.file_type()?;
        if t.is_dir() {
            walk(root, &e.path(), out)?;
        } else if let Ok(rel) = e.path().strip_prefix(root) {
            out.push(rel.to_path_buf());
        }
    }
    Ok(())
}

fn relative(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file under `dir` except the manifest, sorted, with size and hash.
pub fn file_entries(dir: &Path) -> std::io::Result<Vec<FileEntry>> {
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    let mut out = Vec::new();
    for rel in files {
        let path = relative(&rel);
        if path == MANIFEST {
            continue;
        }
        let (bytes, sha256) = hash_file(&dir.join(&rel))?;
        out.push(FileEntry {
            path,
            bytes,
            sha256,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Reads at most `max` bytes of a file; a longer file (or an endless device or pipe) is an
/// error that names the limit.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    crate::input::read_bounded(path, max).map_err(|e| match e {
        crate::input::ReadError::TooLarge { .. } => format!(
            "{} is larger than {max} bytes, more than this kind of file can be",
            path.display()
        ),
        e => format!("{}: {e}", path.display()),
    })
}

/// Reads and checks the manifest of `dir`: it parses, and every file it lists is there with
/// its size and hash, and no other file is. The error says what is wrong.
pub fn verify(dir: &Path) -> Result<Manifest, String> {
    let at = dir.join(MANIFEST);
    if !at.is_file() {
        return Err(format!(
            "{}: no {MANIFEST}: not a finished vpcsim result (an interrupted run, or a folder \
             written by something else)",
            dir.display()
        ));
    }
    let bytes = read_limited(&at, MAX_MANIFEST_BYTES)?;
    let m: Manifest = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{}: not a vpcsim manifest: {e}", at.display()))?;
    if m.tool != "vpcsim" {
        return Err(format!(
            "{}: written by \"{}\", not vpcsim",
            at.display(),
            crate::report::safe(&m.tool)
        ));
    }
    if m.seal != m.compute_seal() {
        return Err(format!(
            "{}: the manifest was edited after the run wrote it (its seal does not match its \
             content); run again rather than edit a result",
            at.display()
        ));
    }
    if let Some(s) = m.shard
        && (s.count == 0 || s.index == 0 || s.index > s.count)
    {
        return Err(format!(
            "{}: shard {}/{} is out of range",
            at.display(),
            s.index,
            s.count
        ));
    }
    let actual = file_entries(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut problems = Vec::new();
    for f in &m.files {
        match actual.iter().find(|a| a.path == f.path) {
            None => problems.push(format!("{} is missing", f.path)),
            Some(a) if a.bytes != f.bytes => problems.push(format!(
                "{} has {} bytes, the manifest says {}",
                f.path, a.bytes, f.bytes
            )),
            Some(a) if a.sha256 != f.sha256 => {
                problems.push(format!("{} was changed after the run wrote it", f.path))
            }
            Some(_) => {}
        }
    }
    for a in &actual {
        if m.file(&a.path).is_none() {
            problems.push(format!("{} is not part of this result", a.path));
        }
    }
    if problems.is_empty() {
        Ok(m)
    } else {
        Err(format!(
            "{}: the folder does not match its manifest: {}",
            dir.display(),
            problems.join("; ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc_is_the_published_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    fn folder() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("flows.csv"), b"a,b\n1,2\n").unwrap();
        std::fs::create_dir(d.path().join("sweep")).unwrap();
        std::fs::write(d.path().join("sweep/x.csv"), b"x\n").unwrap();
        let mut m = Manifest::new(Kind::Run, "s", "0".repeat(64), 1, 2, None);
        m.files = file_entries(d.path()).unwrap();
        m.seal = m.compute_seal();
        std::fs::write(d.path().join(MANIFEST), serde_json::to_vec(&m).unwrap()).unwrap();
        d
    }

    #[test]
    fn an_untouched_folder_verifies() {
        let d = folder();
        let m = verify(d.path()).unwrap();
        assert_eq!(
            m.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            ["flows.csv", "sweep/x.csv"]
        );
    }

    #[test]
    fn an_edited_missing_or_extra_file_is_named() {
        let d = folder();
        std::fs::write(d.path().join("flows.csv"), b"a,b\n1,3\n").unwrap();
        assert!(
            verify(d.path())
                .unwrap_err()
                .contains("flows.csv was changed")
        );
        let d = folder();
        std::fs::remove_file(d.path().join("sweep/x.csv")).unwrap();
        assert!(
            verify(d.path())
                .unwrap_err()
                .contains("sweep/x.csv is missing")
        );
        let d = folder();
        std::fs::write(d.path().join("extra.csv"), b"").unwrap();
        assert!(
            verify(d.path())
                .unwrap_err()
                .contains("extra.csv is not part of this result")
        );
    }

    #[test]
    fn an_edited_manifest_field_breaks_the_seal() {
        let d = folder();
        let at = d.path().join(MANIFEST);
        let text = std::fs::read_to_string(&at).unwrap();
        std::fs::write(&at, text.replace("\"seed\":1", "\"seed\":2")).unwrap();
        assert!(verify(d.path()).unwrap_err().contains("was edited"));
    }

    #[test]
    fn a_folder_without_a_manifest_is_not_a_result() {
        let d = tempfile::tempdir().unwrap();
        assert!(verify(d.path()).unwrap_err().contains("no manifest.json"));
    }

    #[test]
    fn reading_a_device_stops_at_the_limit() {
        let e = read_limited(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(e.contains("a device, not a regular file"), "{e}");
    }
}
