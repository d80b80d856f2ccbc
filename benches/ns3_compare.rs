//! vpcsim against ns-3 3.37 on the same two workloads, measured side by side in one run.
//!
//! 1. `single_link`: one 1 Gbps point-to-point link, 1 ms one-way delay, Poisson arrivals of
//!    1000 B packets at 800 Mbps (ρ = 0.8), 10 simulated seconds (about 1 M packets).
//! 2. `chain`: five routers in a chain of four 10 Gbps links with 5 ms delay, one end-to-end
//!    Poisson flow of 5 Gbps plus 3 Gbps of Poisson cross traffic on each hop, 1000 B packets,
//!    5 simulated seconds (about 10.6 M packets).
//!
//! No loss and buffers nothing overflows on either side. The ns-3 programs are
//! `benches/ns3/{single_link,chain}.cc` (raw point-to-point devices, UDP, a Poisson source,
//! packet sinks, global routing); the vpcsim scenarios are `benches/ns3/{single_link,chain}.toml`.
//!
//! For each workload, ns-3 and vpcsim are run alternately `--runs` times (default 5, or
//! `NS3_COMPARE_RUNS`), each run a fresh process with its own seed, and the medians are
//! reported: ns-3's wall time inside `Simulator::Run()` (the program prints it), ns-3's whole
//! process, and vpcsim's whole process (`vpcsim run FILE --replications 1 --threads 1 --out DIR`,
//! loading, simulating and writing every output including plots). Packets delivered by each side
//! are printed so the equivalence is visible. The figures also go to
//! `target/ns3_compare.json`.
//!
//! ```sh
//! cargo bench --bench ns3_compare                      # both workloads, 5 runs each
//! cargo bench --bench ns3_compare -- single_link --runs 3
//! ```
//!
//! ns-3 comes from Debian's `libns3-dev` (3.37); without it the ns-3 side is skipped with a
//! message and only vpcsim's figures are reported. The ns-3 programs are compiled with g++ into
//! `target/ns3/`. vpcsim is `target/release/vpcsim`, built with
//! `cargo build --release --bin vpcsim` when missing (set `VPCSIM_BIN` to use another binary).
//!
//! std only: no criterion, since every sample is a separate process of up to minutes and the two
//! simulators must be interleaved.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// One workload, expressed once for each simulator.
struct Workload {
    name: &'static str,
    description: &'static str,
    /// benches/ns3/<name>.cc and benches/ns3/<name>.toml
    stem: &'static str,
    /// Packets the workload offers on average: rate / (8 × 1000 B) × duration.
    expected_packets: f64,
}

const WORKLOADS: [Workload; 2] = [
    Workload {
        name: "single_link",
        description: "1 Gbps link, 1 ms; Poisson 1000 B packets at 800 Mbps (rho 0.8); 10 s simulated",
        stem: "single_link",
        expected_packets: 100_000.0 * 10.0,
    },
    Workload {
        name: "chain",
        description: "5 routers, 4 x 10 Gbps links, 5 ms each; 5 Gbps end to end + 3 Gbps cross \
                      traffic per hop, Poisson 1000 B packets; 5 s simulated",
        stem: "chain",
        expected_packets: (625_000.0 + 4.0 * 375_000.0) * 5.0,
    },
];

/// Sources and headers of the ns-3 programs, for the staleness check.
const NS3_HEADER: &str = "benches/ns3/poisson_sender.h";

/// ns-3 modules the programs link against.
const NS3_MODULES: [&str; 6] = [
    "core",
    "network",
    "internet",
    "point-to-point",
    "applications",
    "traffic-control",
];

/// One ns-3 run.
struct Ns3Run {
    run_loop: f64,
    process: f64,
    /// User + system CPU time of the process (Linux), a check on contention.
    cpu: Option<f64>,
    sent: u64,
    received: u64,
    events: u64,
    received_per_flow: Vec<u64>,
}

/// One vpcsim run.
struct VpcsimRun {
    process: f64,
    cpu: Option<f64>,
    /// Per flow, in scenario order: (name, offered, delivered).
    flows: Vec<(String, u64, u64)>,
    /// Engine events, from summary.json, when it says.
    events: Option<u64>,
    /// vpcsim's own wall time of the simulation, from run.json or summary.json, when it says.
    sim_wall: Option<f64>,
}

impl VpcsimRun {
    fn offered(&self) -> u64 {
        self.flows.iter().map(|f| f.1).sum()
    }
    fn delivered(&self) -> u64 {
        self.flows.iter().map(|f| f.2).sum()
    }
}

fn main() {
    let mut runs: usize = std::env::var("NS3_COMPARE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let mut filters = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // cargo bench passes --bench to harness = false targets.
            "--bench" => {}
            "--runs" => match args.next().and_then(|v| v.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => {
                    eprintln!("ns3_compare: --runs takes a positive number");
                    std::process::exit(2);
                }
            },
            a if a.starts_with('-') => {}
            a => filters.push(a.to_string()),
        }
    }
    let workloads: Vec<&Workload> = WORKLOADS
        .iter()
        .filter(|w| filters.is_empty() || filters.iter().any(|f| w.name.contains(f.as_str())))
        .collect();
    if workloads.is_empty() {
        println!("ns3_compare: no workload matches {filters:?} (have single_link, chain)");
        return;
    }

    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(t) => root.join(t),
        None => root.join("target"),
    };

    let vpcsim = match locate_vpcsim(&root, &target) {
        Ok(p) => p,
        Err(e) => {
            println!("ns3_compare: cannot run: {e}");
            return;
        }
    };
    let ns3 = match build_ns3(&root, &target) {
        Ok(bins) => Some(bins),
        Err(reason) => {
            println!("ns3_compare: ns-3 side skipped: {reason}");
            println!("ns3_compare: reporting vpcsim's figures alone");
            None
        }
    };

    // Run a copy: a concurrent `cargo build` must not swap the binary between runs.
    let under_test = target
        .join("ns3")
        .join(format!("vpcsim-under-test{}", std::env::consts::EXE_SUFFIX));
    let under_test = match std::fs::create_dir_all(target.join("ns3"))
        .and_then(|_| std::fs::copy(&vpcsim, &under_test))
    {
        Ok(_) => under_test,
        Err(_) => vpcsim.clone(),
    };

    println!(
        "\nns3_compare: {runs} interleaved runs of each simulator per workload, medians reported"
    );
    let mut json_workloads = Vec::new();
    for w in workloads {
        let ns3_bin = ns3.as_ref().map(|b| b.path(w));
        let result = run_workload(&root, w, &under_test, ns3_bin.as_deref(), runs);
        match result {
            Ok(json) => json_workloads.push(json),
            Err(e) => println!("  {}: failed: {e}", w.name),
        }
    }

    let json = format!(
        "{{\n  \"ns3_version\": {},\n  \"vpcsim_binary\": {},\n  \"runs\": {runs},\n  \
         \"cores\": {},\n  \"workloads\": [\n{}\n  ]\n}}\n",
        ns3.as_ref()
            .map_or("null".to_string(), |b| json_str(&b.version)),
        json_str(&vpcsim.display().to_string()),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        json_workloads.join(",\n")
    );
    let out = target.join("ns3_compare.json");
    match std::fs::create_dir_all(&target).and_then(|_| std::fs::write(&out, json)) {
        Ok(()) => println!("\nfigures written to {}", out.display()),
        Err(e) => println!("\ncannot write {}: {e}", out.display()),
    }
}

/// Runs one workload `runs` times on each side, interleaved, prints the figures and returns
/// them as a JSON object.
fn run_workload(
    root: &Path,
    w: &Workload,
    vpcsim: &Path,
    ns3: Option<&Path>,
    runs: usize,
) -> Result<String, String> {
    println!("\n== {}: {}", w.name, w.description);
    let scenario = root.join(format!("benches/ns3/{}.toml", w.stem));
    let mut ns3_runs: Vec<Ns3Run> = Vec::new();
    let mut vpc_runs: Vec<VpcsimRun> = Vec::new();
    for i in 0..runs {
        let seed = i as u64 + 1;
        // Alternate which side goes first, so that drift in the machine's speed is shared.
        let ns3_first = i % 2 == 0;
        let mut parts = Vec::new();
        for ns3_turn in [ns3_first, !ns3_first] {
            match (ns3_turn, ns3) {
                (true, Some(bin)) => {
                    let r = run_ns3(bin, seed)?;
                    parts.push(format!(
                        "ns-3 run loop {:.3} s, process {:.3} s{}, received {}",
                        r.run_loop,
                        r.process,
                        cpu_note(r.cpu),
                        r.received
                    ));
                    ns3_runs.push(r);
                }
                (true, None) => {}
                (false, _) => {
                    let r = run_vpcsim(vpcsim, &scenario, w.name, seed)?;
                    parts.push(format!(
                        "vpcsim process {:.3} s{}, offered {}, delivered {}",
                        r.process,
                        cpu_note(r.cpu),
                        r.offered(),
                        r.delivered()
                    ));
                    vpc_runs.push(r);
                }
            }
        }
        println!("  run {}/{runs}: {}", i + 1, parts.join("; "));
        let _ = std::io::stdout().flush();
    }

    let vpc_median = median(vpc_runs.iter().map(|r| r.process));
    let vpc_delivered = mean_u64(vpc_runs.iter().map(VpcsimRun::delivered));
    let vpc_offered = mean_u64(vpc_runs.iter().map(VpcsimRun::offered));
    let vpc_pps = vpc_delivered / vpc_median;
    let row = |label: &str, value: String| println!("  {label:<46} {value:>12}");

    println!("  {:<46} {:>12}", "figure (median of the runs)", "value");
    let mut ns3_json = "null".to_string();
    let mut ratios_json = "null".to_string();
    let mut z_json = "null".to_string();
    let ns3_medians = (!ns3_runs.is_empty()).then(|| {
        (
            median(ns3_runs.iter().map(|r| r.run_loop)),
            median(ns3_runs.iter().map(|r| r.process)),
        )
    });
    if let Some((loop_median, _)) = ns3_medians {
        row(
            "ns-3 run loop (Simulator::Run)",
            format!("{loop_median:.3} s"),
        );
    }
    if let Some((_, proc_median)) = ns3_medians {
        row("ns-3 whole process", format!("{proc_median:.3} s"));
    }
    row("vpcsim whole process", format!("{vpc_median:.3} s"));
    if vpc_runs.iter().all(|r| r.sim_wall.is_some()) {
        let m = median(vpc_runs.iter().filter_map(|r| r.sim_wall));
        row(
            "  of which vpcsim's own simulation time",
            format!("{m:.3} s"),
        );
    }
    let ns3_received = mean_u64(ns3_runs.iter().map(|r| r.received));
    if let Some((loop_median, _)) = ns3_medians {
        row(
            "ns-3 packets/s (delivered / run loop)",
            format!("{:.3} M", ns3_received / loop_median / 1e6),
        );
    }
    row(
        "vpcsim packets/s (delivered / whole process)",
        format!("{:.3} M", vpc_pps / 1e6),
    );
    if let Some((loop_median, proc_median)) = ns3_medians {
        row(
            "ns-3 run loop / vpcsim whole process",
            format!("{:.1} x", loop_median / vpc_median),
        );
        row(
            "ns-3 whole process / vpcsim whole process",
            format!("{:.1} x", proc_median / vpc_median),
        );
        if ns3_runs.iter().all(|r| r.cpu.is_some()) && vpc_runs.iter().all(|r| r.cpu.is_some()) {
            let ns3_cpu = median(ns3_runs.iter().filter_map(|r| r.cpu));
            let vpc_cpu = median(vpc_runs.iter().filter_map(|r| r.cpu));
            row(
                "CPU time: ns-3 process / vpcsim process",
                format!("{ns3_cpu:.2} / {vpc_cpu:.2} s = {:.1} x", ns3_cpu / vpc_cpu),
            );
        }
        let mut events = format!(
            "  events per delivered packet: ns-3 {:.2}",
            mean_u64(ns3_runs.iter().map(|r| r.events)) / ns3_received
        );
        if vpc_runs.iter().all(|r| r.events.is_some()) {
            let e = mean_u64(vpc_runs.iter().filter_map(|r| r.events));
            let _ = write!(events, ", vpcsim {:.2}", e / vpc_delivered);
        }
        println!("{events}");

        // Equal work on both sides, within Poisson noise: each run's count is Poisson with
        // mean N, so the difference of the two means over n runs has sd sqrt(2N/n).
        let sd = (2.0 * w.expected_packets / runs as f64).sqrt();
        let z = (ns3_received - vpc_delivered) / sd;
        println!(
            "  packets (mean per run): ns-3 sent {:.0}, received {ns3_received:.0}; vpcsim \
             offered {vpc_offered:.0}, delivered {vpc_delivered:.0}; expected {:.0}; \
             difference {:+.0} = {z:+.2} sd of Poisson noise",
            mean_u64(ns3_runs.iter().map(|r| r.sent)),
            w.expected_packets,
            ns3_received - vpc_delivered,
        );
        if vpc_runs[0].flows.len() > 1 {
            for (k, (name, _, _)) in vpc_runs[0].flows.iter().enumerate() {
                let ns = mean_u64(
                    ns3_runs
                        .iter()
                        .map(|r| r.received_per_flow.get(k).copied().unwrap_or(0)),
                );
                let vp = mean_u64(vpc_runs.iter().map(|r| r.flows.get(k).map_or(0, |f| f.2)));
                println!(
                    "    flow {name:<8} ns-3 received {ns:>10.0}   vpcsim delivered {vp:>10.0}"
                );
            }
        }
        ns3_json = format!(
            "{{\"run_loop_s\": {}, \"process_s\": {}, \"cpu_s\": {}, \"run_loop_median_s\": {}, \
             \"process_median_s\": {}, \"sent\": {}, \"received\": {}, \
             \"received_per_flow\": [{}], \"events\": {}, \"packets_per_s\": {}}}",
            json_f64s(ns3_runs.iter().map(|r| r.run_loop)),
            json_f64s(ns3_runs.iter().map(|r| r.process)),
            json_opt_f64s(ns3_runs.iter().map(|r| r.cpu)),
            json_f64(loop_median),
            json_f64(proc_median),
            json_u64s(ns3_runs.iter().map(|r| r.sent)),
            json_u64s(ns3_runs.iter().map(|r| r.received)),
            ns3_runs
                .iter()
                .map(|r| json_u64s(r.received_per_flow.iter().copied()))
                .collect::<Vec<_>>()
                .join(", "),
            json_u64s(ns3_runs.iter().map(|r| r.events)),
            json_f64(ns3_received / loop_median),
        );
        ratios_json = format!(
            "{{\"ns3_run_loop_over_vpcsim_process\": {}, \
             \"ns3_process_over_vpcsim_process\": {}}}",
            json_f64(loop_median / vpc_median),
            json_f64(proc_median / vpc_median),
        );
        z_json = json_f64(z);
    } else {
        println!(
            "  packets (mean per run): vpcsim offered {vpc_offered:.0}, delivered \
             {vpc_delivered:.0}; expected {:.0}",
            w.expected_packets
        );
    }

    let lost_ns3: u64 = ns3_runs
        .iter()
        .map(|r| r.sent.saturating_sub(r.received))
        .sum();
    let lost_vpc: u64 = vpc_runs
        .iter()
        .map(|r| r.offered().saturating_sub(r.delivered()))
        .sum();
    if lost_ns3 + lost_vpc > 0 {
        println!(
            "  note: packets not delivered over all runs: ns-3 {lost_ns3}, vpcsim {lost_vpc} \
             (the workloads are meant to lose none)"
        );
    }
    // An ns-3 process (pure computation, no output) that got much less CPU than wall time
    // shared the machine with other work. (vpcsim's wall time also holds waits for the disk:
    // it syncs every output file.)
    let busy = ns3_runs
        .iter()
        .filter(|r| r.cpu.is_some_and(|c| c < 0.9 * r.process - 0.02))
        .count();
    if busy > 0 {
        println!(
            "  warning: {busy} of {} ns-3 processes got less than 90% of a core: the machine \
             was busy with other work, so the times are inflated",
            ns3_runs.len()
        );
    }

    Ok(format!(
        "    {{\"name\": {}, \"description\": {}, \"expected_packets\": {}, \
         \"ns3\": {ns3_json}, \"vpcsim\": {}, \"ratios\": {ratios_json}, \
         \"packets_difference_in_poisson_sd\": {z_json}, \"busy_processes\": {busy}}}",
        json_str(w.name),
        json_str(w.description),
        w.expected_packets,
        vpcsim_json(&vpc_runs, vpc_median, vpc_pps),
    ))
}

/// " (cpu 1.234 s)" when the CPU time is known.
fn cpu_note(cpu: Option<f64>) -> String {
    cpu.map_or(String::new(), |c| format!(" (cpu {c:.2} s)"))
}

fn vpcsim_json(runs: &[VpcsimRun], median_s: f64, pps: f64) -> String {
    let events = if runs.iter().all(|r| r.events.is_some()) {
        json_u64s(runs.iter().filter_map(|r| r.events))
    } else {
        "null".to_string()
    };
    let sim_wall = if runs.iter().all(|r| r.sim_wall.is_some()) {
        json_f64s(runs.iter().filter_map(|r| r.sim_wall))
    } else {
        "null".to_string()
    };
    format!(
        "{{\"process_s\": {}, \"cpu_s\": {}, \"process_median_s\": {}, \"offered\": {}, \
         \"delivered\": {}, \"delivered_per_flow\": {{{}}}, \"events\": {events}, \
         \"simulation_wall_s\": {sim_wall}, \"packets_per_s\": {}}}",
        json_f64s(runs.iter().map(|r| r.process)),
        json_opt_f64s(runs.iter().map(|r| r.cpu)),
        json_f64(median_s),
        json_u64s(runs.iter().map(VpcsimRun::offered)),
        json_u64s(runs.iter().map(VpcsimRun::delivered)),
        runs.first()
            .map(|r0| r0
                .flows
                .iter()
                .enumerate()
                .map(|(k, (name, _, _))| format!(
                    "{}: {}",
                    json_str(name),
                    json_u64s(runs.iter().map(|r| r.flows.get(k).map_or(0, |f| f.2)))
                ))
                .collect::<Vec<_>>()
                .join(", "))
            .unwrap_or_default(),
        json_f64(pps),
    )
}

/// Runs an ns-3 program once and parses its RESULT line.
fn run_ns3(bin: &Path, seed: u64) -> Result<Ns3Run, String> {
    let cpu0 = children_cpu_s();
    let start = Instant::now();
    let out = Command::new(bin)
        .arg(format!("--run={seed}"))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let process = start.elapsed().as_secs_f64();
    let cpu = cpu0.zip(children_cpu_s()).map(|(a, b)| b - a);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "{} failed ({}): {}{}",
            bin.display(),
            out.status,
            stdout,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let line = stdout
        .lines()
        .find(|l| l.starts_with("RESULT "))
        .ok_or_else(|| format!("{} printed no RESULT line: {stdout}", bin.display()))?;
    let field = |key: &str| -> Result<&str, String> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .ok_or_else(|| format!("no {key} in {line:?}"))
    };
    let num = |key: &str| -> Result<u64, String> {
        field(key)?
            .parse()
            .map_err(|e| format!("{key} in {line:?}: {e}"))
    };
    Ok(Ns3Run {
        run_loop: field("run_loop_s")?
            .parse()
            .map_err(|e| format!("run_loop_s in {line:?}: {e}"))?,
        process,
        cpu,
        sent: num("sent")?,
        received: num("received")?,
        events: num("events")?,
        received_per_flow: field("received_per_flow")?
            .split(',')
            .filter_map(|v| v.parse().ok())
            .collect(),
    })
}

/// Runs `vpcsim run` once into a fresh folder, reads its flows.csv and removes the folder.
fn run_vpcsim(vpcsim: &Path, scenario: &Path, name: &str, seed: u64) -> Result<VpcsimRun, String> {
    let dir = std::env::temp_dir().join(format!(
        "vpcsim-ns3-compare-{}-{name}-{seed}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let cpu0 = children_cpu_s();
    let start = Instant::now();
    let out = Command::new(vpcsim)
        .arg("run")
        .arg(scenario)
        .args(["--replications", "1", "--threads", "1", "--seed"])
        .arg(seed.to_string())
        .arg("--out")
        .arg(&dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {}: {e}", vpcsim.display()))?;
    let process = start.elapsed().as_secs_f64();
    let cpu = cpu0.zip(children_cpu_s()).map(|(a, b)| b - a);
    // Exit 0: every SLA target met; 1: one violated (still a finished run); 2: bad input.
    if !matches!(out.status.code(), Some(0 | 1)) {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(format!(
            "vpcsim run {} failed ({}): {}{}",
            scenario.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let result = read_vpcsim_outputs(&dir).map(|(flows, events, sim_wall)| VpcsimRun {
        process,
        cpu,
        flows,
        events,
        sim_wall,
    });
    let _ = std::fs::remove_dir_all(&dir);
    result
}

type VpcsimOutputs = (Vec<(String, u64, u64)>, Option<u64>, Option<f64>);

/// Per-flow offered and delivered packets from flows.csv, and the run statistics that
/// summary.json (or run.json) gives.
fn read_vpcsim_outputs(dir: &Path) -> Result<VpcsimOutputs, String> {
    let path = dir.join("flows.csv");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| format!("{} has no column {name}", path.display()))
    };
    let (flow, offered, delivered) = (col("flow")?, col("offered")?, col("delivered")?);
    let mut flows = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let cells: Vec<&str> = line.split(',').collect();
        let get = |i: usize| cells.get(i).copied().unwrap_or("");
        let n = |i: usize| {
            get(i)
                .parse::<u64>()
                .map_err(|e| format!("{}: {line:?}: {e}", path.display()))
        };
        flows.push((get(flow).to_string(), n(offered)?, n(delivered)?));
    }
    if flows.is_empty() {
        return Err(format!("{} has no flow rows", path.display()));
    }
    let summary = std::fs::read_to_string(dir.join("summary.json")).unwrap_or_default();
    let run = std::fs::read_to_string(dir.join("run.json")).unwrap_or_default();
    let stats = summary.find("\"stats\"").map_or("", |i| &summary[i..]);
    let events = json_number(stats, "events").map(|v| v as u64);
    let sim_wall = json_number(&run, "wall_s").or_else(|| json_number(stats, "wall_s"));
    Ok((flows, events, sim_wall))
}

/// User + system CPU seconds of this process's waited-for children (Linux: /proc/self/stat
/// cutime + cstime, in USER_HZ = 100 ticks per second); None elsewhere.
fn children_cpu_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name in parentheses start at field 3 (state).
    let rest: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    let ticks = |field: usize| rest.get(field - 3)?.parse::<f64>().ok();
    Some((ticks(16)? + ticks(17)?) / 100.0)
}

/// The number after `"key":` in a JSON text, if any.
fn json_number(text: &str, key: &str) -> Option<f64> {
    let at = text.find(&format!("\"{key}\""))?;
    let rest = text[at + key.len() + 2..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// The vpcsim binary: `VPCSIM_BIN`, or target/release/vpcsim, built when missing.
fn locate_vpcsim(root: &Path, target: &Path) -> Result<PathBuf, String> {
    if let Some(bin) = std::env::var_os("VPCSIM_BIN") {
        let bin = PathBuf::from(bin);
        println!("ns3_compare: vpcsim binary {} (VPCSIM_BIN)", bin.display());
        return Ok(bin);
    }
    let bin = target
        .join("release")
        .join(format!("vpcsim{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        println!(
            "ns3_compare: {} missing; cargo build --release --bin vpcsim",
            bin.display()
        );
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--release", "--bin", "vpcsim"])
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot start cargo: {e}"))?;
        if !status.success() || !bin.exists() {
            return Err(format!(
                "cargo build --release --bin vpcsim failed ({status})"
            ));
        }
    } else {
        let age = std::fs::metadata(&bin)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .unwrap_or(Duration::ZERO);
        println!(
            "ns3_compare: vpcsim binary {} (built {} min ago; `cargo build --release` first to \
             measure the current source)",
            bin.display(),
            age.as_secs() / 60
        );
    }
    Ok(bin)
}

/// The compiled ns-3 programs.
struct Ns3Bins {
    dir: PathBuf,
    version: String,
}

impl Ns3Bins {
    fn path(&self, w: &Workload) -> PathBuf {
        self.dir.join(w.stem)
    }
}

/// Compiles benches/ns3/*.cc into target/ns3/ when stale. Err: why the ns-3 side is skipped.
fn build_ns3(root: &Path, target: &Path) -> Result<Ns3Bins, String> {
    let cxx = std::env::var("CXX").unwrap_or_else(|_| "g++".to_string());
    if Command::new(&cxx).arg("--version").output().is_err() {
        return Err(format!(
            "no C++ compiler ({cxx}); apt-get install g++ libns3-dev"
        ));
    }
    let modules: Vec<String> = NS3_MODULES.iter().map(|m| format!("ns3-{m}")).collect();
    let pkg_config = |args: &[&str]| -> Option<String> {
        let out = Command::new("pkg-config")
            .args(args)
            .args(&modules)
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let (version, flags) = match pkg_config(&["--libs"]) {
        Some(libs) => {
            let version = Command::new("pkg-config")
                .args(["--modversion", "ns3-core"])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_default();
            // Debian's ns3-core.pc carries a stray `-I/usr;` token (dropped: tokens with a ';')
            // and names /usr/lib/.../libgsl.so, which only libgsl-dev installs (dropped: absolute
            // paths that do not exist; libns3-core.so already records its own libgsl).
            let cflags = pkg_config(&["--cflags"]).unwrap_or_default();
            let mut flags: Vec<String> = cflags
                .split_whitespace()
                .chain(libs.split_whitespace())
                .filter(|t| !t.contains(';'))
                .filter(|t| !t.starts_with('/') || Path::new(t).exists())
                .map(|t| t.replace('\\', ""))
                .collect();
            // A private prefix needs its library folder at run time too.
            let rpaths: Vec<String> = flags
                .iter()
                .filter_map(|t| t.strip_prefix("-L"))
                .map(|d| format!("-Wl,-rpath,{d}"))
                .collect();
            flags.extend(rpaths);
            (version, flags)
        }
        None if Path::new("/usr/include/ns3/core-module.h").exists() => (
            "unknown (no pkg-config)".to_string(),
            NS3_MODULES.iter().map(|m| format!("-lns3-{m}")).collect(),
        ),
        None => {
            return Err("ns-3 is not installed (no pkg-config module ns3-core, no \
                        /usr/include/ns3); apt-get install libns3-dev (Debian: ns-3 3.37)"
                .to_string());
        }
    };
    if !version.starts_with("3.37") {
        println!("ns3_compare: warning: ns-3 version {version}, the programs are written for 3.37");
    }
    let dir = target.join("ns3");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let header = root.join(NS3_HEADER);
    for w in &WORKLOADS {
        let source = root.join(format!("benches/ns3/{}.cc", w.stem));
        let bin = dir.join(w.stem);
        let newest_input = [&source, &header]
            .iter()
            .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            .max();
        let built = std::fs::metadata(&bin).and_then(|m| m.modified()).ok();
        if matches!((built, newest_input), (Some(b), Some(i)) if b >= i) {
            continue;
        }
        println!(
            "ns3_compare: {cxx} -O2 {} -> {}",
            source.display(),
            bin.display()
        );
        let out = Command::new(&cxx)
            .args(["-O2", "-std=c++17", "-DNDEBUG", "-o"])
            .arg(&bin)
            .arg(&source)
            .args(&flags)
            .output()
            .map_err(|e| format!("cannot start {cxx}: {e}"))?;
        if !out.status.success() {
            let _ = std::fs::remove_file(&bin);
            return Err(format!(
                "{cxx} could not build {}:\n{}",
                source.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    println!("ns3_compare: ns-3 {version}, programs in {}", dir.display());
    Ok(Ns3Bins { dir, version })
}

fn median(v: impl Iterator<Item = f64>) -> f64 {
    let mut s: Vec<f64> = v.collect();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

fn mean_u64(v: impl Iterator<Item = u64>) -> f64 {
    let (sum, n) = v.fold((0.0, 0usize), |(s, n), x| (s + x as f64, n + 1));
    sum / n as f64
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_f64(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "null".to_string()
    }
}

fn json_f64s(v: impl Iterator<Item = f64>) -> String {
    format!("[{}]", v.map(json_f64).collect::<Vec<_>>().join(", "))
}

fn json_opt_f64s(v: impl Iterator<Item = Option<f64>>) -> String {
    format!(
        "[{}]",
        v.map(|x| x.map_or("null".to_string(), json_f64))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn json_u64s(v: impl Iterator<Item = u64>) -> String {
    format!(
        "[{}]",
        v.map(|x| x.to_string()).collect::<Vec<_>>().join(", ")
    )
}
