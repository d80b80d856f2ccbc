//! The generated blocks of README.md and of the scenario files: where they are (markers),
//! and what each holds, produced by running the release binary.

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

// ---------------------------------------------------------------------------------------
// Markers
// ---------------------------------------------------------------------------------------

/// One generated block: its name, its text between the markers, and where that text is.
#[derive(Debug, Clone)]
pub struct Block {
    pub name: String,
    pub body: String,
    /// Byte range of `body` in the file.
    start: usize,
    end: usize,
}

/// The block name of a marker line, and whether it begins (true) or ends a block.
fn marker(line: &str, markdown: bool) -> Option<(String, bool)> {
    let t = line.trim();
    let inner = if markdown {
        t.strip_prefix("<!--")?.strip_suffix("-->")?.trim()
    } else {
        t.strip_prefix('#')?.trim()
    };
    let rest = inner.strip_prefix("figures:")?;
    if let Some(name) = rest.strip_suffix(":begin") {
        Some((name.to_string(), true))
    } else {
        rest.strip_suffix(":end").map(|n| (n.to_string(), false))
    }
}

/// The generated blocks of a file, in order.
pub fn blocks_of(text: &str, markdown: bool) -> Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, usize, usize)> = None; // name, body start, line number
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let next = offset + line.len();
        if let Some((name, begins)) = marker(line, markdown) {
            match (&open, begins) {
                (None, true) => open = Some((name, next, i + 1)),
                (Some((o, _, at)), true) => {
                    return Err(format!(
                        "line {}: block `{name}` begins inside block `{o}` (begun at line {at})",
                        i + 1
                    ));
                }
                (None, false) => {
                    return Err(format!(
                        "line {}: end of block `{name}` without a begin",
                        i + 1
                    ));
                }
                (Some((o, start, at)), false) => {
                    if *o != name {
                        return Err(format!(
                            "line {}: end of block `{name}` inside block `{o}` (begun at line {at})",
                            i + 1
                        ));
                    }
                    blocks.push(Block {
                        name: name.clone(),
                        body: text[*start..offset].to_string(),
                        start: *start,
                        end: offset,
                    });
                    open = None;
                }
            }
        }
        offset = next;
    }
    if let Some((name, _, at)) = open {
        return Err(format!("block `{name}` begun at line {at} never ends"));
    }
    Ok(blocks)
}

/// The file with each block's text replaced by `fresh` (one per block, in order).
pub fn replace_blocks(text: &str, blocks: &[Block], fresh: &[String]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (b, f) in blocks.iter().zip(fresh) {
        out.push_str(&text[at..b.start]);
        out.push_str(f);
        at = b.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A line diff of two texts: `- ` lines only in `old`, `+ ` lines only in `new`, and the
/// common lines indented.
pub fn line_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Longest common subsequence, by dynamic programming from the ends.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        } else {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Running vpcsim
// ---------------------------------------------------------------------------------------

/// What one command printed.
#[derive(Debug, Clone)]
pub struct Captured {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A copy of scenarios/ in a temporary folder, where commands run as from the repository's
/// root; each distinct command runs once.
pub struct Workspace {
    dir: tempfile::TempDir,
    runs: HashMap<Vec<String>, Captured>,
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let path = entry.expect("readable entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

fn pct(x: f64, decimals: usize) -> String {
    format!("{:.*}%", decimals, x * 100.0)
}

/// A whole number with thousands separators.
fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mean(v: &Value) -> Option<f64> {
    v.get("mean").and_then(Value::as_f64)
}

/// Rows as columns left-aligned, two spaces apart, trailing spaces trimmed.
fn table(rows: &[Vec<String>]) -> Vec<String> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|r| {
            let mut line = String::new();
            for (c, cell) in r.iter().enumerate() {
                line.push_str(cell);
                if c + 1 < r.len() {
                    let pad = widths[c] - cell.chars().count() + 2;
                    line.push_str(&" ".repeat(pad));
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// Targets an entry misses, by name, from its `compliance`.
fn missed(entry: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = entry["compliance"].as_object() {
        for (target, v) in c {
            if v["met"] == false {
                out.push(target.replace('_', " "));
            }
        }
    }
    out
}

/// The verdict, and for each missed target the share of replications that met it.
fn verdict_cell(entry: &Value) -> String {
    let v = entry["verdict"].as_str().unwrap_or("?").to_uppercase();
    let mut m = Vec::new();
    if let Some(c) = entry["compliance"].as_object() {
        for (target, t) in c {
            if t["met"] == false {
                let share = t["share"]
                    .as_f64()
                    .map_or("-".to_string(), |x| format!("{:.0}%", x * 100.0));
                m.push(format!("{} met in {share}", target.replace('_', " ")));
            }
        }
    }
    if m.is_empty() {
        v
    } else {
        format!("{v} ({})", m.join(", "))
    }
}

/// A change to a scenario for a what-if run.
pub enum Change {
    /// Replace every occurrence of the first text by the second (each must occur).
    Edit(&'static [(&'static str, &'static str)]),
    /// Another scenario file instead.
    File(&'static str),
}

/// What a scenario's `observed` block adds to its run's tables.
enum Extra {
    /// Replication 0's samples of one series of timeseries.csv between two times (s).
    Series(&'static str, f64, f64),
    /// A run of the scenario with one change.
    WhatIf(&'static str, Change),
    /// `vpcsim n1` of the scenario.
    N1,
}

fn extras(stem: &str) -> Vec<Extra> {
    use Change::{Edit, File};
    use Extra::{N1, Series, WhatIf};
    match stem {
        "backbone_fault_failover" => vec![
            Series("backbone cn-hangzhou → cn-shanghai #1", 0.375, 0.625),
            Series("line pc-sh-1 (sh-idc → vbr-sh)", 0.975, 1.255),
            Series("line pc-sh-2 (sh-idc → vbr-sh)", 0.975, 1.255),
        ],
        "traffic_surge_spec_upgrade" => {
            vec![Series("backbone cn-shanghai → cn-beijing #1", 0.475, 1.425)]
        }
        "cross_region_express_connect" => vec![
            WhatIf(
                "spec = \"Middle.5\" (500 Mbps) instead of Large.1",
                Edit(&[("spec = \"Large.1\"", "spec = \"Middle.5\"")]),
            ),
            WhatIf(
                "count = 1: one backbone member instead of two",
                Edit(&[("count = 2\nfailover", "count = 1\nfailover")]),
            ),
        ],
        "hybrid_cloud_idc" => vec![
            WhatIf(
                "one line: scenarios/designs/hybrid_cloud_idc_one_line.toml",
                File("scenarios/designs/hybrid_cloud_idc_one_line.toml"),
            ),
            WhatIf(
                "both lines with jitter = \"20us\" (a shared carrier circuit)",
                Edit(&[("vbr = \"vbr-sz\"", "jitter = \"20us\"\nvbr = \"vbr-sz\"")]),
            ),
            WhatIf(
                "the ERP flow as 5 ms on / 35 ms off (640 Mbps bursts)",
                Edit(&[(
                    "on = \"20ms\"\noff = \"20ms\"",
                    "on = \"5ms\"\noff = \"35ms\"",
                )]),
            ),
        ],
        "express_connect_vs_internet" => vec![
            WhatIf(
                "both flows at 1 Mbps",
                Edit(&[("rate = \"100Mbps\"", "rate = \"1Mbps\"")]),
            ),
            WhatIf(
                "both flows at 10 Mbps",
                Edit(&[("rate = \"100Mbps\"", "rate = \"10Mbps\"")]),
            ),
        ],
        "dual_homed_idc" => vec![WhatIf(
            "priorities swapped: line-hz preferred",
            Edit(&[
                ("priority = 10", "priority = 30"),
                ("priority = 20", "priority = 10"),
                ("priority = 30", "priority = 20"),
            ]),
        )],
        "meshed_backbone_n1" => vec![N1],
        _ => Vec::new(),
    }
}

/// The ns-3 comparison as the bench recorded it (`cargo bench --bench ns3_compare` writes
/// target/ns3_compare.json; the committed copy is docs/benchmarks/ns3_compare.json).
fn speed_block() -> Result<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/benchmarks/ns3_compare.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let d: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let num = |v: &Value, k: &str| {
        v.pointer(k)
            .and_then(Value::as_f64)
            .ok_or_else(|| format!("{}: no {k}", path.display()))
    };
    let mut rows = vec![vec![
        "workload".to_string(),
        "packets".into(),
        "ns-3 run loop".into(),
        "vpcsim whole process".into(),
        "ratio".into(),
        "events per packet (ns-3, vpcsim)".into(),
    ]];
    for w in d["workloads"].as_array().ok_or("no workloads")? {
        let delivered = w["vpcsim"]["delivered"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_u64).sum::<u64>() / a.len().max(1) as u64)
            .unwrap_or(0);
        let events = |side: &str| -> Option<f64> {
            let e = w[side]["events"].as_array()?;
            let p = w[side][if side == "ns3" {
                "received"
            } else {
                "delivered"
            }]
            .as_array()?;
            let (e, p): (u64, u64) = (
                e.iter().filter_map(Value::as_u64).sum(),
                p.iter().filter_map(Value::as_u64).sum(),
            );
            (p > 0).then(|| e as f64 / p as f64)
        };
        rows.push(vec![
            format!("`{}`", w["name"].as_str().unwrap_or("?")),
            count(delivered),
            format!("{:.3} s", num(w, "/ns3/run_loop_median_s")?),
            format!("{:.3} s", num(w, "/vpcsim/process_median_s")?),
            format!(
                "{:.1}×",
                num(w, "/ratios/ns3_run_loop_over_vpcsim_process")?
            ),
            match (events("ns3"), events("vpcsim")) {
                (Some(a), Some(b)) => format!("{a:.2}, {b:.2}"),
                _ => "-".into(),
            },
        ]);
    }
    let mut s = format!(
        "ns-3 {} against vpcsim, medians of {} interleaved runs on {} cores \
         (`cargo bench --bench ns3_compare`):\n\n",
        d["ns3_version"].as_str().unwrap_or("?"),
        d["runs"].as_u64().unwrap_or(0),
        d["cores"].as_u64().unwrap_or(0)
    );
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&format!("| {} |\n", r.join(" | ")));
        if i == 0 {
            s.push_str(&format!("|{}\n", "---|".repeat(r.len())));
        }
    }
    Ok(s)
}

impl Workspace {
    pub fn new(root: &Path) -> Workspace {
        let dir = tempfile::tempdir().expect("a temporary directory");
        copy_tree(&root.join("scenarios"), &dir.path().join("scenarios"));
        Workspace {
            dir,
            runs: HashMap::new(),
        }
    }

    /// `vpcsim ARGS` in the workspace, once per distinct command.
    fn vpcsim(&mut self, args: &[&str]) -> Captured {
        let key: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        if let Some(c) = self.runs.get(&key) {
            return c.clone();
        }
        let o = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("vpcsim runs");
        let c = Captured {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        };
        self.runs.insert(key, c.clone());
        c
    }

    /// `vpcsim ARGS`, which must exit with 0 or 1 (2 is bad input: an error here).
    fn judged(&mut self, args: &[&str]) -> Result<Captured, String> {
        let c = self.vpcsim(args);
        if c.code == 0 || c.code == 1 {
            Ok(c)
        } else {
            Err(format!(
                "`vpcsim {}` exited {}:\n{}{}",
                args.join(" "),
                c.code,
                c.stdout,
                c.stderr
            ))
        }
    }

    /// The folder a command wrote, from its `outputs:` line.
    fn outputs(&self, c: &Captured) -> Result<PathBuf, String> {
        c.stdout
            .lines()
            .find_map(|l| l.strip_prefix("outputs: "))
            .map(|p| self.dir.path().join(p.trim()))
            .ok_or_else(|| format!("no `outputs:` line in\n{}", c.stdout))
    }

    fn summary_of(&self, c: &Captured) -> Result<(PathBuf, Value), String> {
        let out = self.outputs(c)?;
        let bytes = std::fs::read(out.join("summary.json"))
            .map_err(|e| format!("{}: {e}", out.join("summary.json").display()))?;
        let v = serde_json::from_slice(&bytes).map_err(|e| format!("summary.json: {e}"))?;
        Ok((out, v))
    }

    /// A terminal session: the command as typed from the repository's root, what it
    /// printed, and its exit code.
    fn session(&mut self, args: &[&str]) -> Result<String, String> {
        let c = self.judged(args)?;
        Ok(format!(
            "$ cargo run --release -- {}\n{}$ echo $?\n{}\n",
            args.join(" "),
            c.stdout,
            c.code
        ))
    }

    fn fenced(&mut self, sessions: &[&[&str]]) -> Result<String, String> {
        let mut s = String::from("```\n");
        for args in sessions {
            s.push_str(&self.session(args)?);
        }
        s.push_str("```\n");
        Ok(s)
    }

    /// A README block by name.
    pub fn readme_block(&mut self, name: &str) -> Result<String, String> {
        match name {
            "quickstart" => self.fenced(&[&["run", "scenarios/quickstart.toml"]]),
            "capacity-sweep" => self.fenced(&[&["run", "scenarios/capacity_sweep.toml"]]),
            "check" => self.fenced(&[&[
                "check",
                "scenarios/quickstart.toml",
                "--baseline",
                "scenarios/baselines/quickstart.summary.json",
            ]]),
            "dual-homed" => self.fenced(&[
                &["reach", "scenarios/dual_homed_idc.toml"],
                &["run", "scenarios/dual_homed_idc.toml"],
            ]),
            "n1" => self.fenced(&[&["n1", "scenarios/meshed_backbone_n1.toml"]]),
            "compare" => self.fenced(&[&[
                "compare",
                "scenarios/hybrid_cloud_idc.toml",
                "scenarios/designs/hybrid_cloud_idc_one_line.toml",
            ]]),
            "traffic-matrix" => self.fenced(&[&["run", "scenarios/traffic_matrix.toml"]]),
            "cost" => self.cost_block(),
            "library" => self.library_block(),
            "catalogues" => self.catalogues_block(),
            "speed" => speed_block(),
            _ => Err(format!("no producer for README block `{name}`")),
        }
    }

    fn cost_line(&mut self, file: &str) -> Result<String, String> {
        let c = self.judged(&["run", file])?;
        c.stdout
            .lines()
            .find(|l| l.starts_with("cost: "))
            .map(str::to_string)
            .ok_or_else(|| format!("no `cost:` line in the run of {file}"))
    }

    fn cost_block(&mut self) -> Result<String, String> {
        let hybrid = "scenarios/hybrid_cloud_idc.toml";
        let quick = "scenarios/quickstart.toml";
        let mut s = String::from("```\n");
        for f in [hybrid, quick] {
            let line = self.cost_line(f)?;
            s.push_str(&format!(
                "$ cargo run --release -- run {f} | grep '^cost'\n{line}\n"
            ));
        }
        s.push_str("```\n\n");
        let c = self.judged(&["run", hybrid])?;
        let (_, summary) = self.summary_of(&c)?;
        let cost = &summary["cost"];
        s.push_str(&format!(
            "`cost` in `{}`'s summary.json ({}):\n\n",
            hybrid,
            cost["currency"].as_str().unwrap_or("?")
        ));
        s.push_str(
            "| item | product | how it is billed | basis | per day |\n|---|---|---|---|---|\n",
        );
        for item in cost["items"].as_array().into_iter().flatten() {
            let per_day = item["per_day"]
                .as_f64()
                .map_or("null".to_string(), |x| format!("{x:.2}"));
            s.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                item["item"].as_str().unwrap_or("?"),
                item["product"].as_str().unwrap_or("?"),
                item["rule"].as_str().unwrap_or("?"),
                item["basis"].as_str().unwrap_or("?"),
                per_day
            ));
        }
        let total = cost["per_day"]
            .as_f64()
            .map_or("null".to_string(), |x| format!("{x:.2}"));
        s.push_str(&format!("| total | | | | {total} |\n"));
        Ok(s)
    }

    fn catalogues_block(&mut self) -> Result<String, String> {
        let mut s = self.fenced(&[&["specs"]])?;
        s.push('\n');
        let regions = self.judged(&["regions", "--provider", "tencent"])?;
        let lines: Vec<&str> = regions.stdout.lines().collect();
        s.push_str("```\n$ cargo run --release -- regions --provider tencent\n");
        for l in lines.iter().take(6) {
            s.push_str(l);
            s.push('\n');
        }
        if lines.len() > 6 {
            s.push_str(&format!("… ({} lines in all)\n", lines.len()));
        }
        s.push_str("```\n\n");
        s.push_str(&self.fenced(&[&["explain", "flow.rate"]])?);
        Ok(s)
    }

    fn library_block(&mut self) -> Result<String, String> {
        let dir = self.dir.path().join("scenarios");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| e.to_string())?
            .map(|e| e.expect("readable entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .filter(|p| !p.to_string_lossy().contains(".whatif-"))
            .collect();
        files.sort();
        let mut s = String::from("| file | shows | `vpcsim run` |\n|---|---|---|\n");
        for p in files {
            let file = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).map_err(|e| e.to_string())?;
            let title = text
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("# "))
                .ok_or_else(|| format!("{file}: the first line should be `# ` and a title"))?;
            let title = title.split(" EXPECTED").next().unwrap_or(title).trim();
            let c = self.judged(&["run", &format!("scenarios/{file}")])?;
            let result = if text.contains("\n[sweep]") {
                let answer = c
                    .stdout
                    .lines()
                    .find(|l| l.starts_with("smallest ") || l.starts_with("largest "))
                    .unwrap_or("no value meets every target");
                format!("exit {}; {}", c.code, answer.replace('|', "\\|"))
            } else {
                let (_, summary) = self.summary_of(&c)?;
                let mut failing = Vec::new();
                for kind in ["flows", "connections"] {
                    for e in summary[kind].as_array().into_iter().flatten() {
                        if e["verdict"] != "pass" {
                            failing.push(format!(
                                "{} ({})",
                                e["name"].as_str().unwrap_or("?"),
                                missed(e).join(", ")
                            ));
                        }
                    }
                }
                if failing.is_empty() {
                    format!("PASS, exit {}", c.code)
                } else {
                    format!("FAIL, exit {}: {}", c.code, failing.join("; "))
                }
            };
            s.push_str(&format!("| `{file}` | {title} | {result} |\n"));
        }
        Ok(s)
    }

    /// A scenario file's block by name (`observed`).
    pub fn scenario_block(&mut self, file: &str, name: &str) -> Result<String, String> {
        if name != "observed" {
            return Err(format!("no producer for scenario block `{name}`"));
        }
        let text = std::fs::read_to_string(self.dir.path().join(file))
            .map_err(|e| format!("{file}: {e}"))?;
        let stem = Path::new(file)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let c = self.judged(&["run", file])?;
        let mut lines: Vec<String> = Vec::new();
        if text.contains("\n[sweep]") {
            lines.push(format!("Observed (`vpcsim run {file}`, exit {}):", c.code));
            lines.extend(c.stdout.lines().map(|l| format!("  {l}")));
        } else {
            let (out, summary) = self.summary_of(&c)?;
            lines.push(format!(
                "Observed (`vpcsim run`, {} replications, seed {}): verdict {}, exit {}.",
                summary["replications"],
                summary["seed"],
                summary["verdict"].as_str().unwrap_or("?").to_uppercase(),
                c.code
            ));
            lines.extend(result_tables(&out, &summary)?);
        }
        for extra in extras(&stem) {
            lines.push(String::new());
            match extra {
                Extra::Series(series, from, to) => {
                    let out = self.outputs(&c)?;
                    lines.extend(series_lines(&out, series, from, to)?);
                }
                Extra::WhatIf(label, change) => {
                    lines.extend(self.what_if(file, &stem, label, &change)?);
                }
                Extra::N1 => {
                    let n = self.judged(&["n1", file])?;
                    lines.push(format!("`vpcsim n1 {file}` (exit {}):", n.code));
                    lines.extend(n.stdout.lines().map(|l| format!("  {l}")));
                }
            }
        }
        let mut s = String::new();
        for l in lines {
            let l = l.trim_end();
            if l.is_empty() {
                s.push_str("#\n");
            } else {
                s.push_str(&format!("# {l}\n"));
            }
        }
        Ok(s)
    }

    fn what_if(
        &mut self,
        file: &str,
        stem: &str,
        label: &str,
        change: &Change,
    ) -> Result<Vec<String>, String> {
        let target = match change {
            Change::File(f) => f.to_string(),
            Change::Edit(edits) => {
                let mut text = std::fs::read_to_string(self.dir.path().join(file))
                    .map_err(|e| e.to_string())?;
                for (from, to) in edits.iter() {
                    if !text.contains(from) {
                        return Err(format!("what-if `{label}`: {file} has no `{from}`"));
                    }
                    text = text.replace(from, to);
                }
                let k = self.runs.len();
                let f = format!("scenarios/{stem}.whatif-{k}.toml");
                std::fs::write(self.dir.path().join(&f), text).map_err(|e| e.to_string())?;
                f
            }
        };
        let out = format!("output/whatif-{stem}-{}", self.runs.len());
        let c = self.judged(&["run", &target, "--out", &out])?;
        let (dir, summary) = self.summary_of(&c)?;
        let mut lines = vec![format!(
            "What if {label}? Verdict {}, exit {}:",
            summary["verdict"].as_str().unwrap_or("?").to_uppercase(),
            c.code
        )];
        lines.extend(result_tables(&dir, &summary)?);
        Ok(lines)
    }
}

/// Per flow and per connection, what the run measured (means over the replications).
fn result_tables(out: &Path, summary: &Value) -> Result<Vec<String>, String> {
    let reps = summary["replications"].as_u64().unwrap_or(1);
    let mut rows = vec![vec![
        "  flow".to_string(),
        "verdict".to_string(),
        "loss".to_string(),
        format!("lost packets by cause ({reps} replications)"),
        "jitter".to_string(),
        "delay mean, p99".to_string(),
        "availability".to_string(),
    ]];
    for f in summary["flows"].as_array().into_iter().flatten() {
        let mut lost = Vec::new();
        if let Some(m) = f["lost"].as_object() {
            for (cause, n) in m {
                let n = n.as_u64().unwrap_or(0);
                if n > 0 {
                    lost.push(format!("{cause} {}", count(n)));
                }
            }
        }
        let jitter = match (mean(&f["jitter"]), mean(&f["jitter_ms"])) {
            (Some(j), Some(ms)) => format!("{} ({ms:.3} ms)", pct(j, 2)),
            _ => "-".to_string(),
        };
        let delay = match (mean(&f["delay_ms"]["mean"]), mean(&f["delay_ms"]["p99"])) {
            (Some(m), Some(p)) => format!("{m:.3}, {p:.3} ms"),
            _ => "-".to_string(),
        };
        rows.push(vec![
            format!("  {}", f["name"].as_str().unwrap_or("?")),
            verdict_cell(f),
            mean(&f["loss"]).map_or("-".to_string(), |x| pct(x, 4)),
            if lost.is_empty() {
                "none".to_string()
            } else {
                lost.join(", ")
            },
            jitter,
            delay,
            mean(&f["availability"]).map_or("-".to_string(), |x| pct(x, 4)),
        ]);
    }
    let mut lines = table(&rows);

    // Utilization of each direction, from connections.csv.
    let mut by_dir: Vec<((String, String), (f64, usize))> = Vec::new();
    let path = out.join("connections.csv");
    let mut r = csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    for rec in r.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let key = (rec[2].to_string(), rec[3].to_string());
        let Ok(u) = rec[5].parse::<f64>() else {
            continue;
        };
        match by_dir.iter_mut().find(|(k, _)| *k == key) {
            Some((_, (sum, n))) => {
                *sum += u;
                *n += 1;
            }
            None => by_dir.push((key, (u, 1))),
        }
    }
    let mut rows = vec![vec![
        "  connection".to_string(),
        "verdict".to_string(),
        "availability".to_string(),
        "utilization of each direction".to_string(),
    ]];
    for c in summary["connections"].as_array().into_iter().flatten() {
        let name = c["name"].as_str().unwrap_or("?");
        let dirs: Vec<String> = by_dir
            .iter()
            .filter(|((n, _), _)| n == name)
            .map(|((_, d), (sum, n))| format!("{d} {}", pct(sum / *n as f64, 2)))
            .collect();
        rows.push(vec![
            format!("  {name}"),
            verdict_cell(c),
            mean(&c["availability"]).map_or("-".to_string(), |x| pct(x, 4)),
            if dirs.is_empty() {
                "- (uncapped)".to_string()
            } else {
                dirs.join(", ")
            },
        ]);
    }
    lines.extend(table(&rows));
    Ok(lines)
}

/// Replication 0's samples of `series` in timeseries.csv from `from` to `to` seconds.
fn series_lines(out: &Path, series: &str, from: f64, to: f64) -> Result<Vec<String>, String> {
    let path = out.join("timeseries.csv");
    let mut r = csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut cells = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        if &rec[0] != "0" || &rec[2] != series {
            continue;
        }
        let t: f64 = rec[1].parse().map_err(|_| "time_s".to_string())?;
        if t < from || t > to {
            continue;
        }
        let u: f64 = rec[3].parse().map_err(|_| "utilization".to_string())?;
        let q: u64 = rec[4].parse().map_err(|_| "queue_bytes".to_string())?;
        cells.push(vec![
            format!("  {t:.2} s"),
            format!("{u:.3}"),
            format!("{} KB", (q as f64 / 1000.0).round() as u64),
        ]);
    }
    if cells.is_empty() {
        return Err(format!("timeseries.csv has no samples of `{series}`"));
    }
    let mut lines = vec![format!(
        "timeseries.csv, replication 0, `{series}`: time, utilization, queue"
    )];
    // Four samples to a line.
    let rendered = table(&cells);
    for chunk in rendered.chunks(4) {
        lines.push(
            chunk
                .iter()
                .map(|s| s.trim_start().to_string())
                .collect::<Vec<_>>()
                .join("   "),
        );
    }
    let lines: Vec<String> = lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { l } else { format!("  {l}") })
        .collect();
    Ok(lines)
}
