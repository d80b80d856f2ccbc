//! Files that are mistakes or attacks rather than scenarios: huge, deeply nested, one endless
//! line, not text, absurd values. `vpcsim validate` refuses each with a clear message and
//! exit code 2, and finishes (no crash, no stack overflow).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

struct Outcome {
    code: Option<i32>,
    stderr: String,
}

fn validate(path: &Path) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(["validate".as_ref(), path.as_os_str()])
        .output()
        .expect("vpcsim runs");
    Outcome {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Writes `bytes` to `name` in a fresh temporary directory.
fn file(name: &str, bytes: &[u8]) -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the file");
    (dir, path)
}

/// `path` is refused with exit 2 and every fragment in the diagnostics.
fn assert_refused(path: &Path, fragments: &[&str]) -> Outcome {
    let o = validate(path);
    // A crash (stack overflow, abort) has no exit code, or not 2.
    assert_eq!(
        o.code,
        Some(2),
        "{}: exit code\n{}",
        path.display(),
        head(&o.stderr)
    );
    for f in fragments {
        assert!(
            o.stderr.contains(f),
            "{}: stderr lacks {f:?}:\n{}",
            path.display(),
            head(&o.stderr)
        );
    }
    o
}

/// The first few KB of a possibly huge text, for failure messages.
fn head(s: &str) -> &str {
    let mut end = s.len().min(4_000);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[test]
fn a_50_mb_file_is_refused_by_its_size_before_reading() {
    let dir = TempDir::new().expect("temporary directory");
    let path = dir.path().join("million-vpcs.toml");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    for i in 0..1_000_000u32 {
        writeln!(
            w,
            "[[vpc]]\nname = \"vpc-{i}\"\nregion = \"cn-hangzhou\"\ncidr = [\"10.{}.0.0/16\"]\n",
            i % 256
        )
        .expect("write");
    }
    w.flush().expect("flush");
    drop(w);
    let len = std::fs::metadata(&path).expect("metadata").len();
    assert!(len >= 50_000_000, "generated only {len} bytes");
    let limit = vpcsim::scenario::MAX_FILE_BYTES;
    let o = assert_refused(
        &path,
        &[
            &format!("file is {len} bytes, more than the {limit}-byte limit for a scenario"),
            "million-vpcs.toml: file is",
        ],
    );
    assert!(o.stderr.len() < 10_000, "{}", head(&o.stderr));
    // The library says the same.
    let Err(e) = vpcsim::scenario::load_file(&path) else {
        panic!("a 50 MB file is refused");
    };
    assert_eq!(e.items.len(), 1);
    assert!(e.items[0].message.contains("byte limit"), "{:?}", e.items);
}

#[test]
fn a_slash_zero_cidr_is_refused() {
    let (_dir, path) = file(
        "everything.toml",
        b"[[vpc]]\nname = \"all\"\nregion = \"cn-hangzhou\"\ncidr = [\"0.0.0.0/0\"]\n",
    );
    assert_refused(
        &path,
        &[
            "prefix /0 of \"0.0.0.0/0\" is outside /8../28",
            "everything.toml:4:9",
        ],
    );
}

#[test]
fn a_hundred_thousand_nested_brackets_are_refused_without_overflowing_the_stack() {
    let n = 100_000;
    let text = format!("a = {}{}\n", "[".repeat(n), "]".repeat(n));
    let (_dir, path) = file("brackets.toml", text.as_bytes());
    // The 33rd bracket, at column 5 + 32.
    assert_refused(
        &path,
        &["brackets nested more than 32 deep", "brackets.toml:1:37"],
    );
}

#[test]
fn a_hundred_thousand_nested_inline_tables_are_refused() {
    let n = 100_000;
    let text = format!("a = {}1{}\n", "{b = ".repeat(n), "}".repeat(n));
    let (_dir, path) = file("tables.toml", text.as_bytes());
    assert_refused(&path, &["brackets nested more than 32 deep"]);
}

#[test]
fn brackets_hidden_from_the_depth_check_by_a_broken_string_are_still_refused() {
    // The unterminated string makes the pre-parse depth check skip the brackets; the TOML
    // parser's own recursion limit must then catch them.
    let n = 100_000;
    let text = format!(
        "a = \"unterminated\nb = {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let (_dir, path) = file("hidden.toml", text.as_bytes());
    assert_refused(&path, &["TOML syntax", "recursion"]);
}

#[test]
fn a_hundred_thousand_dotted_keys_are_refused() {
    let text = format!("{} = 1\n", vec!["x"; 100_000].join("."));
    let (_dir, path) = file("dotted.toml", text.as_bytes());
    assert_refused(&path, &["TOML syntax", "recursion limit"]);
}

#[test]
fn a_very_long_single_line_is_refused() {
    let text = format!("{}\n", "a".repeat(1_000_000));
    let (_dir, path) = file("long-line.toml", text.as_bytes());
    let o = assert_refused(&path, &["TOML syntax", "long-line.toml:1:"]);
    assert!(
        o.stderr.contains("long-line.toml: 1 error"),
        "{}",
        head(&o.stderr)
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_at_the_first_bad_byte() {
    let (_dir, path) = file("latin1.toml", b"[simulation]\nname = \"r\xe9seau\"\n");
    assert_refused(
        &path,
        &[
            "the file is not valid UTF-8",
            "save the scenario as UTF-8 text",
            "latin1.toml:2:10",
        ],
    );
}

#[test]
fn diagnostics_of_a_long_line_of_garbage_stay_bounded() {
    let n = 3_000;
    let text = format!("{}\n", "=".repeat(n));
    let (_dir, path) = file("equals.toml", text.as_bytes());
    let o = assert_refused(&path, &["TOML syntax"]);
    // Output may grow with the input, but not with its square.
    assert!(
        o.stderr.len() <= 100 * text.len(),
        "{} bytes of diagnostics for a {}-byte file",
        o.stderr.len(),
        text.len()
    );
}

#[test]
fn a_delay_near_the_64_bit_limit_does_not_wrap_around() {
    // regional_delay is u64::MAX ns; a Hangzhou-Singapore link adds its fiber delay to it.
    let (_dir, path) = file(
        "forever.toml",
        br#"[backbone]
regional_delay = "18446744073709551615ns"

[[vpc]]
name = "hz-prod"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]

[[vpc]]
name = "sg-prod"
region = "ap-southeast-1"
cidr = ["10.1.0.0/16"]

[[connection]]
name = "hz-sg"
type = "express-connect"
between = ["hz-prod", "sg-prod"]
spec = "Large.1"
"#,
    );
    // Refusing the value is fine; accepting it must not make the path faster than the
    // regional delay alone.
    let loaded = std::panic::catch_unwind(|| vpcsim::study::design::load_network(&path))
        .unwrap_or_else(|_| panic!("loading panicked"));
    if let Ok(loaded) = loaded {
        let rows = std::panic::catch_unwind(|| vpcsim::topology::reach(&loaded.network))
            .unwrap_or_else(|_| panic!("reach panicked"));
        for row in rows {
            if let Ok(p) = row.verdict {
                assert_eq!(
                    p.delay.as_nanos(),
                    u64::MAX,
                    "{} -> {}: the delay wrapped around",
                    row.from,
                    row.to
                );
            }
        }
    }
}
