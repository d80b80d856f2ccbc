//! report.html renders in a real browser: the page of a run (the quickstart), of a sweep
//! (capacity_sweep, 2 replications) and of an N-1 analysis (a fixture) is opened in Debian's
//! headless Chromium, which must show the verdict and every flow name, hold no script, show
//! each plot as an image held in the page (a data: URI), load nothing and log nothing (no
//! "Failed to load resource", no "Uncaught", no console message at all, which also catches a
//! Content Security Policy violation), and give a screenshot of the requested size.
//!
//! Chromium comes from `apt-get install -y chromium`. Without it the test installs it when
//! CI=true (and fails if it cannot); otherwise it prints a SKIP line and passes.
//! VPCSIM_UPDATE_REPORT_SCREENSHOT=1 also copies the quickstart's screenshot to
//! docs/report_quickstart.png.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const N1_FIXTURE: &str = include_str!("../../src/report/html/testdata/n1_summary.json");
const WIDTH: u32 = 1280;
const HEIGHT: u32 = 2000;
const BROWSER_TIMEOUT: Duration = Duration::from_secs(90);

/// The Chromium executable on PATH.
fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// Chromium, installed once per test process when CI=true; `None` (skip) otherwise.
fn chromium() -> Option<PathBuf> {
    static BROWSER: OnceLock<Option<PathBuf>> = OnceLock::new();
    BROWSER
        .get_or_init(|| {
            if let Some(p) = find_chromium() {
                return Some(p);
            }
            if std::env::var("CI").as_deref() != Ok("true") {
                // Straight to the stderr handle: the test harness captures eprintln!.
                let _ = std::io::Write::write_all(
                    &mut std::io::stderr(),
                    b"SKIP report_renders_in_a_browser: chromium is not installed \
                      (apt-get install -y chromium, or run with CI=true to let the test \
                      install it)\n",
                );
                return None;
            }
            let apt = |args: &[&str]| {
                Command::new("apt-get")
                    .args(args)
                    .env("DEBIAN_FRONTEND", "noninteractive")
                    .output()
            };
            let mut log = String::new();
            for attempt in [
                &["install", "-y", "chromium"][..],
                &["update"][..],
                &["install", "-y", "chromium"][..],
            ] {
                match apt(attempt) {
                    Ok(o) => {
                        log.push_str(&String::from_utf8_lossy(&o.stderr));
                        if attempt[0] == "install" && o.status.success() {
                            break;
                        }
                    }
                    Err(e) => log.push_str(&format!("apt-get: {e}\n")),
                }
            }
            match find_chromium() {
                Some(p) => Some(p),
                None => panic!(
                    "CI=true and chromium is missing: `apt-get install -y chromium` did not \
                     install it:\n{log}"
                ),
            }
        })
        .clone()
}

/// Runs `vpcsim run SCENARIO --out OUT [extra...]`; the run must finish (exit 0 or 1).
fn vpcsim_run(scenario: &str, out: &Path, extra: &[&str]) {
    vpcsim_judged(&[&["run", scenario, "--out", out.to_str().unwrap()], extra].concat());
}

/// Runs `vpcsim ARGS`, which must judge (exit 0 or 1), not refuse its input.
fn vpcsim_judged(args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .expect("run vpcsim");
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "vpcsim {}: exit {:?}\n{}",
        args.join(" "),
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every flow named in an N-1 summary's cases, once each, in order of appearance.
fn case_flows(s: &Value) -> Vec<String> {
    let mut flows = Vec::new();
    for c in s["cases"].as_array().unwrap() {
        for n in names(c.get("flows"), "flow") {
            if !flows.contains(&n) {
                flows.push(n);
            }
        }
    }
    flows
}

/// A folder holding copies of `from`'s summary.json and of its `plots` (the run's folder is
/// sealed by its manifest, so the report is written beside copies). Every plot must exist.
fn copy_for_report(from: &Path, to: &Path, plots: &[&str]) -> usize {
    std::fs::create_dir_all(to).unwrap();
    for name in ["summary.json"].iter().chain(plots) {
        std::fs::copy(from.join(name), to.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", from.join(name).display()));
    }
    plots.len()
}

/// `path` as a file:// URL.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// What the browser gave: the serialized DOM, its log and the screenshot.
struct Rendered {
    dom: String,
    stderr: String,
    png: Vec<u8>,
}

/// Opens `page` in headless Chromium: one screenshot (WIDTH × HEIGHT) and the DOM.
fn render(browser: &Path, page: &Path, work: &Path) -> Rendered {
    let shot = work.join("screenshot.png");
    let dom = work.join("dom.html");
    let log = work.join("chromium.log");
    let profile = work.join("profile");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            // Page console messages (script errors, blocked loads) go to stderr.
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("--window-size={WIDTH},{HEIGHT}"))
        .arg("--dump-dom")
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&dom).unwrap())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish {} within {BROWSER_TIMEOUT:?}",
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    let stderr = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        status.success(),
        "chromium failed on {}: {status}\n{stderr}",
        page.display()
    );
    Rendered {
        dom: std::fs::read_to_string(&dom).unwrap(),
        stderr,
        png: std::fs::read(&shot).unwrap_or_default(),
    }
}

/// How the browser serializes `text` inside an element: `&`, `<`, `>` and no-break spaces as
/// references; control characters arrive as the report's `\u{..}` escapes.
fn dom_text(text: &str) -> String {
    let mut o = String::new();
    for c in text.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\u{a0}' => o.push_str("&nbsp;"),
            c if c.is_control() => o.push_str(&c.escape_unicode().to_string()),
            c => o.push(c),
        }
    }
    o
}

/// The checks every report must pass in the browser.
fn check(r: &Rendered, html: &str, verdict: &str, names: &[String], svgs: usize) {
    // The screenshot is a PNG of the requested size.
    assert!(
        r.png.starts_with(b"\x89PNG\r\n\x1a\n") && r.png.len() > 24 && &r.png[12..16] == b"IHDR",
        "not a PNG screenshot ({} bytes)",
        r.png.len()
    );
    let be = |i: usize| u32::from_be_bytes(r.png[i..i + 4].try_into().unwrap());
    assert_eq!((be(16), be(20)), (WIDTH, HEIGHT), "screenshot size");

    // Nothing failed to load, nothing ran, nothing was logged by the page.
    for bad in ["Failed to load resource", "Uncaught", ":CONSOLE"] {
        let lines: Vec<&str> = r.stderr.lines().filter(|l| l.contains(bad)).collect();
        assert!(
            lines.is_empty(),
            "chromium logged {bad:?}:\n{}",
            lines.join("\n")
        );
    }

    // The DOM shows the verdict, big and in words, and every flow.
    assert!(
        r.dom.contains("<main class=\"page\">"),
        "no report in the DOM"
    );
    let (word, words) = match verdict {
        "pass" => ("PASS", "meets every SLA target"),
        _ => ("FAIL", "misses "),
    };
    assert!(
        r.dom
            .contains(&format!("class=\"badge big {verdict}\">{word}</span>")),
        "the DOM does not show the verdict {word}"
    );
    assert!(r.dom.contains(words), "the DOM does not say {words:?}");
    assert!(!names.is_empty());
    for n in names {
        assert!(
            r.dom.contains(&dom_text(n)),
            "the DOM does not show flow {n:?}"
        );
    }

    // No script anywhere, no external reference.
    for text in [&r.dom, html] {
        assert!(!text.to_ascii_lowercase().contains("<script"), "a <script>");
    }
    // Sources are cited as text; nothing is loaded from elsewhere.
    let lower = html.to_ascii_lowercase();
    for loader in [
        "src=\"http",
        "src='http",
        "url(http",
        "url(\"http",
        "@import",
        "<link",
    ] {
        assert!(!lower.contains(loader), "an external resource: {loader}");
    }
    // Every plot is an image held in the page itself, and nothing else is an image.
    assert_eq!(
        r.dom.matches("<img ").count(),
        svgs,
        "one image per plot in the DOM"
    );
    assert_eq!(
        r.dom.matches("<img class=\"plot ").count(),
        svgs,
        "every image is a plot"
    );
    assert_eq!(
        r.dom.matches(" src=\"data:image/svg+xml;base64,").count(),
        svgs,
        "every plot is a data: URI of its SVG"
    );
    assert!(!r.dom.contains("<svg"), "no SVG markup in the page itself");
}

/// Writes the report of `dir`, renders it and returns the page and the rendering.
fn report_and_render(
    browser: &Path,
    dir: &Path,
    work: &Path,
    kind: vpcsim::report::manifest::Kind,
) -> (String, Rendered) {
    let page = vpcsim::report::html::write_report(dir, kind).expect("write report.html");
    assert_eq!(page, dir.join("report.html"));
    let html = std::fs::read_to_string(&page).unwrap();
    let r = render(browser, &page, work);
    (html, r)
}

fn summary(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

fn names(list: Option<&Value>, key: &str) -> Vec<String> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| f.get(key)?.as_str().map(str::to_string))
        .collect()
}

#[test]
fn quickstart_report_renders() {
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    vpcsim_run("scenarios/quickstart.toml", &run, &[]);
    let dir = tmp.path().join("report");
    let plots = [
        "delay_cdf.svg",
        "jitter_hist.svg",
        "loss_by_cause.svg",
        "utilization.svg",
        "availability.svg",
    ];
    let svgs = copy_for_report(&run, &dir, &plots);
    let s = summary(&dir);
    let (html, r) = report_and_render(
        &browser,
        &dir,
        tmp.path(),
        vpcsim::report::manifest::Kind::Run,
    );
    let flows = names(s.get("flows"), "name");
    check(&r, &html, s["verdict"].as_str().unwrap(), &flows, svgs);
    assert!(r.dom.contains(s["scenario_hash"].as_str().unwrap()));
    assert!(
        r.dom
            .contains("vpcsim run SCENARIO.toml --seed 42 --replications 8")
    );
    for c in names(s.get("connections"), "name") {
        assert!(r.dom.contains(&dom_text(&c)), "connection {c}");
    }
    if std::env::var("VPCSIM_UPDATE_REPORT_SCREENSHOT").as_deref() == Ok("1") {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report_quickstart.png");
        std::fs::write(docs, &r.png).unwrap();
    }
}

#[test]
fn sweep_report_renders() {
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    vpcsim_run(
        "scenarios/capacity_sweep.toml",
        &run,
        &["--replications", "2"],
    );
    let dir = tmp.path().join("report");
    let svgs = copy_for_report(&run, &dir, &["sweep.svg"]);
    let s = summary(&dir);
    let (html, r) = report_and_render(
        &browser,
        &dir,
        tmp.path(),
        vpcsim::report::manifest::Kind::Sweep,
    );
    let mut flows = Vec::new();
    for p in s["sweep"]["points"].as_array().unwrap() {
        flows.extend(names(p.get("flows"), "name"));
        assert!(r.dom.contains(&dom_text(p["value"].as_str().unwrap())));
    }
    check(&r, &html, s["verdict"].as_str().unwrap(), &flows, svgs);
    let smallest = s["capacity"]["smallest"].as_str().unwrap();
    assert!(
        r.dom
            .contains(&format!("meeting every SLA target is <b>{smallest}</b>")),
        "the capacity answer"
    );
}

#[test]
fn n1_report_renders() {
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("summary.json"), N1_FIXTURE).unwrap();
    let s = summary(&dir);
    let (html, r) = report_and_render(
        &browser,
        &dir,
        tmp.path(),
        vpcsim::report::manifest::Kind::N1,
    );
    let flows = case_flows(&s);
    assert!(flows.iter().any(|f| f.contains('<') && f.contains('&')));
    check(&r, &html, s["verdict"].as_str().unwrap(), &flows, 0);
    // The failing cases come before the matrix; a control character is shown, not sent.
    let failing = r.dom.find("Failures the design does not survive").unwrap();
    let matrix = r.dom.find("Every case × every flow").unwrap();
    assert!(failing < matrix);
    assert!(r.dom.contains("alternative\\u{7}") && !html.contains('\u{7}'));
}

#[test]
fn n1_run_report_renders_with_its_plot() {
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    vpcsim_judged(&[
        "n1",
        "scenarios/meshed_backbone_n1.toml",
        "--replications",
        "2",
        "--out",
        run.to_str().unwrap(),
    ]);
    let dir = tmp.path().join("report");
    let svgs = copy_for_report(&run, &dir, &["n1.svg"]);
    let s = summary(&dir);
    let (html, r) = report_and_render(
        &browser,
        &dir,
        tmp.path(),
        vpcsim::report::manifest::Kind::N1,
    );
    let flows = case_flows(&s);
    check(&r, &html, s["verdict"].as_str().unwrap(), &flows, svgs);
}

#[test]
fn compare_report_renders_with_its_answer() {
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cmp");
    vpcsim_judged(&[
        "compare",
        "scenarios/hybrid_cloud_idc.toml",
        "scenarios/designs/hybrid_cloud_idc_one_line.toml",
        "--replications",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    let c: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("compare.json")).unwrap()).unwrap();
    let page = out.join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let r = render(&browser, &page, tmp.path());
    for bad in ["Failed to load resource", "Uncaught", ":CONSOLE"] {
        assert!(!r.stderr.contains(bad), "chromium logged {bad:?}");
    }
    assert!(!html.to_ascii_lowercase().contains("<script"), "a <script>");
    assert!(
        r.dom.contains(&dom_text(c["answer"].as_str().unwrap())),
        "the DOM shows the answer"
    );
    for f in names(c.get("flows"), "name") {
        assert!(r.dom.contains(&dom_text(&f)), "flow {f}");
    }
}
