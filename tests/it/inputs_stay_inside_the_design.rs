//! A scenario reads only what belongs to it: its traffic matrices lie below its own folder
//! (unless `--allow-outside-paths` says otherwise), every file read is a regular file of
//! bounded size, a pipe or a device is refused at once, and an error never shows the content of
//! a file that is not a traffic matrix.

use crate::common::cli::vpcsim;
use std::path::Path;
use std::time::{Duration, Instant};

/// A two-VPC design whose demand comes from the traffic matrix `file`.
fn with_matrix(file: &str) -> String {
    format!(
        r#"[simulation]
duration = "200ms"
warmup = "50ms"
replications = 1

[[vpc]]
name = "hz"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{{ name = "hz-app", kind = "ecs", ip = "10.0.1.10" }}]

[[vpc]]
name = "sh"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [{{ name = "sh-app", kind = "ecs", ip = "10.1.1.10" }}]

[[connection]]
name = "hz-sh"
type = "express-connect"
between = ["hz", "sh"]
spec = "Large.1"

[[traffic_matrix]]
file = "{file}"
"#
    )
}

const MATRIX: &str = "from,to,rate\nhz-app,sh-app,10Mbps\n";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_matrix_below_the_scenario_folder_is_read() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("demand")).unwrap();
    write(&d.path().join("demand"), "m.csv", MATRIX);
    let s = write(d.path(), "s.toml", &with_matrix("demand/m.csv"));
    vpcsim(["validate".as_ref(), s.as_os_str()]).expect_code(0);
}

#[test]
fn a_matrix_outside_the_scenario_folder_is_refused_unless_allowed() {
    let d = tempfile::tempdir().unwrap();
    let inner = d.path().join("design");
    std::fs::create_dir(&inner).unwrap();
    write(d.path(), "m.csv", MATRIX);
    let absolute = d.path().join("m.csv");
    for file in ["../m.csv", absolute.to_str().unwrap()] {
        let s = write(&inner, "s.toml", &with_matrix(file));
        vpcsim(["validate".as_ref(), s.as_os_str()])
            .expect_code(2)
            .expect_stderr(&[
                "is outside the scenario's folder",
                "--allow-outside-paths",
                "s.toml:",
            ]);
        vpcsim([
            "validate".as_ref(),
            "--allow-outside-paths".as_ref(),
            s.as_os_str(),
        ])
        .expect_code(0);
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_folder_is_outside_too() {
    let d = tempfile::tempdir().unwrap();
    let inner = d.path().join("design");
    std::fs::create_dir(&inner).unwrap();
    write(d.path(), "m.csv", MATRIX);
    std::os::unix::fs::symlink(d.path(), inner.join("up")).unwrap();
    let s = write(&inner, "s.toml", &with_matrix("up/m.csv"));
    vpcsim(["validate".as_ref(), s.as_os_str()])
        .expect_code(2)
        .expect_stderr(&["is outside the scenario's folder"]);
}

#[test]
fn a_file_that_is_not_a_matrix_is_refused_without_showing_its_content() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "secrets.csv",
        "AWS_SECRET_ACCESS_KEY=hunter2\nTOKEN=abc\n",
    );
    let s = write(d.path(), "s.toml", &with_matrix("secrets.csv"));
    let o = vpcsim(["validate".as_ref(), s.as_os_str()]);
    o.expect_code(2)
        .expect_stderr(&["is not a traffic matrix", "from, to, rate"]);
    assert!(!o.stderr.contains("hunter2"), "{}", o.stderr);
    assert!(!o.stderr.contains("AWS_SECRET"), "{}", o.stderr);
}

#[test]
fn the_environment_of_the_process_is_never_printed() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.toml", &with_matrix("/proc/self/environ"));
    for allow in [false, true] {
        let mut args = vec!["validate".to_string()];
        if allow {
            args.push("--allow-outside-paths".into());
        }
        args.push(s.display().to_string());
        let o = crate::common::cli::vpcsim_with_env(&args, &[("VPCSIM_TEST_SECRET", "s3cr3t")]);
        o.expect_code(2);
        assert!(!o.stderr.contains("s3cr3t"), "{}", o.stderr);
    }
}

#[cfg(unix)]
fn fifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

#[cfg(unix)]
#[test]
fn a_pipe_as_scenario_or_matrix_is_refused_without_waiting() {
    let d = tempfile::tempdir().unwrap();
    let pipe = d.path().join("s.toml");
    fifo(&pipe);
    let t = Instant::now();
    vpcsim(["validate".as_ref(), pipe.as_os_str()])
        .expect_code(2)
        .expect_stderr(&["is a named pipe, not a scenario file"]);
    fifo(&d.path().join("m.csv"));
    let s = write(d.path(), "design.toml", &with_matrix("m.csv"));
    vpcsim(["validate".as_ref(), s.as_os_str()])
        .expect_code(2)
        .expect_stderr(&["a named pipe, not a regular file"]);
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
}

#[test]
fn an_endless_device_as_scenario_is_refused_at_once() {
    for dev in ["/dev/zero", "/dev/urandom"] {
        vpcsim(["validate", dev])
            .expect_code(2)
            .expect_stderr(&["is a device, not a scenario file"]);
    }
}
