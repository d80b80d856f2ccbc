//! A throw-away single-node Slurm cluster for the cluster test: munged with its own key and
//! socket, `slurmctld` and `slurmd` on free ports, every file in one temporary folder, the
//! machine's own Slurm (if any) untouched. Installs `slurm-wlm` and `munge` with apt-get when
//! they are missing. The daemons run as root (directly, or through `sudo -n`) and are stopped
//! by their own process ids when the cluster is dropped, also when a test fails.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// What the daemons and clients need on PATH.
const TOOLS: [&str; 10] = [
    "munged",
    "munge",
    "unmunge",
    "slurmctld",
    "slurmd",
    "sbatch",
    "squeue",
    "sinfo",
    "scontrol",
    "scancel",
];
/// How long the node may take to become idle after the daemons start.
const NODE_TIMEOUT: Duration = Duration::from_secs(30);

/// How root is had: as root already, or through password-less sudo.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Root {
    Already,
    Sudo,
}

impl Root {
    /// A command run as root.
    fn command(self, program: &str) -> Command {
        match self {
            Root::Already => Command::new(program),
            Root::Sudo => {
                let mut c = Command::new("sudo");
                c.args(["-n", "--preserve-env=SLURM_CONF", program]);
                c
            }
        }
    }
}

/// A running cluster. Dropping it cancels its jobs, stops its daemons and removes its folder.
pub struct Cluster {
    root: Root,
    dir: PathBuf,
    conf: PathBuf,
    /// The node's name (the short host name).
    pub node: String,
    /// Started daemons in start order (stopped in reverse).
    daemons: Vec<(&'static str, Child)>,
    /// Every job submitted, cancelled when the cluster stops.
    jobs: Vec<String>,
}

/// Why the cluster cannot be had on this machine (no root, no packages): not a failure of
/// vpcsim, but a failure of a CI run that must test it.
#[derive(Debug)]
pub struct Unavailable(pub String);

fn found(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| {
        std::env::split_paths(&p).any(|d| d.join(tool).is_file())
            || ["/usr/sbin", "/sbin"]
                .iter()
                .any(|d| Path::new(d).join(tool).is_file())
    })
}

fn missing_tools() -> Vec<&'static str> {
    TOOLS.into_iter().filter(|t| !found(t)).collect()
}

fn root() -> Result<Root, Unavailable> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        return Ok(Root::Already);
    }
    let sudo = Command::new("sudo")
        .args(["-n", "true"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match sudo {
        Ok(s) if s.success() => Ok(Root::Sudo),
        _ => Err(Unavailable(
            "needs root, or password-less sudo, to install slurm-wlm and munge and to run \
             munged, slurmctld and slurmd"
                .into(),
        )),
    }
}

/// Installs slurm-wlm and munge when a tool is missing; returns how long it took (`None`:
/// nothing to install).
fn install(root: Root) -> Result<Option<Duration>, Unavailable> {
    let missing = missing_tools();
    if missing.is_empty() {
        return Ok(None);
    }
    if !found("apt-get") {
        return Err(Unavailable(format!(
            "{} not found, and no apt-get to install slurm-wlm and munge",
            missing.join(", ")
        )));
    }
    let start = Instant::now();
    let apt = |args: &[&str]| -> Result<(), Unavailable> {
        let out = root
            .command("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["-o", "DPkg::Lock::Timeout=120"])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Unavailable(format!("cannot start apt-get: {e}")))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(Unavailable(format!(
                "apt-get {} failed: {}",
                args.join(" "),
                tail(&String::from_utf8_lossy(&out.stderr), 5)
            )))
        }
    };
    apt(&["update", "-qq"])?;
    apt(&[
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        "slurm-wlm",
        "munge",
    ])?;
    let still = missing_tools();
    if !still.is_empty() {
        return Err(Unavailable(format!(
            "{} still not found after installing slurm-wlm and munge",
            still.join(", ")
        )));
    }
    Ok(Some(start.elapsed()))
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

fn short_hostname() -> String {
    let out = Command::new("hostname")
        .arg("-s")
        .output()
        .expect("hostname -s");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Two consecutive free TCP ports on the loopback, below the usual ephemeral range.
fn free_port_pair() -> u16 {
    let start = 20_000 + (std::process::id() % 6_000) as u16 * 2;
    (0..3_000u16)
        .map(|k| 20_000 + (start - 20_000 + 2 * k) % 12_000)
        .find(|p| {
            let a = std::net::TcpListener::bind(("127.0.0.1", *p));
            let b = std::net::TcpListener::bind(("127.0.0.1", *p + 1));
            a.is_ok() && b.is_ok()
        })
        .expect("two free consecutive ports between 20000 and 32000")
}

impl Cluster {
    /// Installs what is missing and starts the cluster; `Err` when this machine cannot have
    /// one (no root, no packages). A cluster that can be installed but fails to start is a
    /// panic, with the daemons' logs.
    pub fn start() -> Result<Cluster, Unavailable> {
        let root = root()?;
        match install(root)? {
            Some(d) => println!(
                "slurm: installed slurm-wlm and munge in {:.1} s",
                d.as_secs_f64()
            ),
            None => println!("slurm: slurm-wlm and munge already installed"),
        }
        // In /tmp, not $TMPDIR: the munge socket path must stay short (108 bytes at most).
        let dir = tempfile::Builder::new()
            .prefix("vpcsim-slurm.")
            .tempdir_in("/tmp")
            .expect("temp folder in /tmp")
            .keep();
        let mut cluster = Cluster {
            root,
            conf: dir.join("slurm/slurm.conf"),
            dir,
            node: short_hostname(),
            daemons: Vec::new(),
            jobs: Vec::new(),
        };
        cluster.start_munged();
        cluster.start_slurm();
        Ok(cluster)
    }

    /// The cluster's folder (readable by the jobs).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A Slurm client command for this cluster.
    pub fn client(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("SLURM_CONF", &self.conf).stdin(Stdio::null());
        c
    }

    /// Remembers a submitted job, so that it is cancelled when the cluster stops.
    pub fn submitted(&mut self, job: &str) {
        self.jobs.push(job.to_string());
    }

    fn daemon(&mut self, name: &'static str, mut cmd: Command) {
        let log = std::fs::File::create(self.dir.join(format!("{name}.out"))).expect("daemon log");
        let child = cmd
            .env("SLURM_CONF", &self.conf)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        self.daemons.push((name, child));
    }

    fn alive(&mut self, name: &str) -> bool {
        self.daemons
            .iter_mut()
            .find(|(n, _)| *n == name)
            .is_some_and(|(_, c)| matches!(c.try_wait(), Ok(None)))
    }

    fn socket(&self) -> PathBuf {
        self.dir.join("munge/munge.socket.2")
    }

    fn munge_answers(&self) -> bool {
        let cred = Command::new("munge")
            .args(["-n", "-S"])
            .arg(self.socket())
            .output();
        let Ok(cred) = cred else { return false };
        if !cred.status.success() {
            return false;
        }
        let mut un = Command::new("unmunge")
            .arg("-S")
            .arg(self.socket())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("unmunge");
        use std::io::Write;
        let _ = un.stdin.take().map(|mut s| s.write_all(&cred.stdout));
        un.wait().is_ok_and(|s| s.success())
    }

    fn start_munged(&mut self) {
        let munge = self.dir.join("munge");
        std::fs::create_dir_all(&munge).expect("munge folder");
        let mut key = vec![0u8; 1024];
        std::io::Read::read_exact(
            &mut std::fs::File::open("/dev/urandom").expect("/dev/urandom"),
            &mut key,
        )
        .expect("a munge key from /dev/urandom");
        let key_file = munge.join("munge.key");
        std::fs::write(&key_file, key).expect("munge key");
        set_mode(&key_file, 0o400);
        set_mode(&self.dir, 0o755);
        set_mode(&munge, 0o755);
        let mut cmd = self.root.command("munged");
        cmd.arg("-F")
            .arg("--force")
            .arg(format!("--key-file={}", key_file.display()))
            .arg(format!("--socket={}", self.socket().display()))
            .arg(format!("--pid-file={}", munge.join("munged.pid").display()))
            .arg(format!(
                "--seed-file={}",
                munge.join("munged.seed").display()
            ))
            .arg(format!("--log-file={}", munge.join("munged.log").display()));
        self.daemon("munged", cmd);
        let start = Instant::now();
        while !self.munge_answers() {
            if !self.alive("munged") || start.elapsed() > Duration::from_secs(10) {
                self.die("munged does not answer on its socket");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn write_conf(&self, port: u16) {
        let hw = Command::new("slurmd")
            .arg("-C")
            .output()
            .expect("slurmd -C");
        let hw = String::from_utf8_lossy(&hw.stdout);
        let hw = hw
            .lines()
            .find_map(|l| l.strip_prefix("NodeName="))
            .and_then(|l| l.split_once(' '))
            .map(|(_, rest)| rest.trim().to_string())
            .unwrap_or_else(|| self.die("slurmd -C printed no node description"));
        let s = self.dir.join("slurm");
        let (host, sock, d) = (&self.node, self.socket(), s.display());
        let text = format!(
            "# Throw-away single-node cluster of the vpcsim cluster test\n\
             ClusterName=vpcsimtest\nSlurmctldHost={host}(127.0.0.1)\n\
             SlurmctldPort={port}\nSlurmdPort={}\nSlurmUser=root\nSlurmdUser=root\n\
             AuthType=auth/munge\nCredType=cred/munge\nAuthInfo=socket={}\n\
             StateSaveLocation={d}/state\nSlurmdSpoolDir={d}/spool\n\
             SlurmctldPidFile={d}/slurmctld.pid\nSlurmdPidFile={d}/slurmd.pid\n\
             SlurmctldLogFile={d}/slurmctld.log\nSlurmdLogFile={d}/slurmd.log\n\
             ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n\
             JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/none\n\
             JobCompType=jobcomp/none\nMpiDefault=none\nSwitchType=switch/none\n\
             SelectType=select/cons_tres\nSelectTypeParameters=CR_Core\n\
             SchedulerParameters=batch_sched_delay=0\nReturnToService=2\nMinJobAge=600\n\
             NodeName={host} NodeAddr=127.0.0.1 {hw} State=UNKNOWN\n\
             PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP\n",
            port + 1,
            sock.display(),
        );
        std::fs::write(&self.conf, text).expect("slurm.conf");
    }

    fn start_slurm(&mut self) {
        let s = self.dir.join("slurm");
        for sub in ["state", "spool"] {
            std::fs::create_dir_all(s.join(sub)).expect("slurm folders");
        }
        self.write_conf(free_port_pair());
        let mut ctld = self.root.command("slurmctld");
        ctld.args(["-D", "-i"]);
        self.daemon("slurmctld", ctld);
        let mut slurmd = self.root.command("slurmd");
        slurmd.args(["-D", "-N", &self.node.clone()]);
        self.daemon("slurmd", slurmd);
        let start = Instant::now();
        loop {
            for d in ["slurmctld", "slurmd"] {
                if !self.alive(d) {
                    self.die(&format!("{d} exited"));
                }
            }
            let state = self
                .client("sinfo")
                .args(["-h", "-n", &self.node, "-o", "%t"])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_default();
            if state == "idle" {
                break;
            }
            if start.elapsed() > NODE_TIMEOUT {
                self.die(&format!(
                    "node {} not idle after {NODE_TIMEOUT:?} (state '{state}')",
                    self.node
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        println!(
            "slurm: node {} idle {:.1} s after starting the daemons ({})",
            self.node,
            start.elapsed().as_secs_f64(),
            self.dir.display()
        );
    }

    /// Panics with the last lines of every daemon log.
    pub fn die(&self, why: &str) -> ! {
        let mut logs = String::new();
        for f in [
            "munged.out",
            "munge/munged.log",
            "slurmctld.out",
            "slurm/slurmctld.log",
            "slurmd.out",
            "slurm/slurmd.log",
        ] {
            if let Ok(t) = std::fs::read_to_string(self.dir.join(f))
                && !t.trim().is_empty()
            {
                logs += &format!("----- {f}\n{}\n", tail(&t, 30));
            }
        }
        panic!("slurm cluster: {why}\n{logs}");
    }

    /// Processes of this cluster's job steps: slurmstepd carrying this cluster's SLURM_CONF.
    fn our_steps(&self) -> Vec<u32> {
        let want = format!("SLURM_CONF={}", self.conf.display());
        let Ok(procs) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        procs
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                std::fs::read_to_string(format!("/proc/{pid}/comm"))
                    .is_ok_and(|c| c.trim() == "slurmstepd")
            })
            .filter(|pid| {
                let environ = match self.root {
                    Root::Already => std::fs::read(format!("/proc/{pid}/environ")).ok(),
                    Root::Sudo => self
                        .root
                        .command("cat")
                        .arg(format!("/proc/{pid}/environ"))
                        .output()
                        .ok()
                        .map(|o| o.stdout),
                };
                environ.is_some_and(|e| e.split(|b| *b == 0).any(|v| v == want.as_bytes()))
            })
            .collect()
    }

    fn signal(&self, pid: u32, signal: &str) {
        let _ = self
            .root
            .command("kill")
            .args([signal, &pid.to_string()])
            .stderr(Stdio::null())
            .status();
    }

    /// SIGTERM, up to 5 s to end (`gone` tells), then SIGKILL.
    fn stop_pid(&self, name: &str, pid: u32, mut gone: impl FnMut() -> bool) -> bool {
        self.signal(pid, "-TERM");
        for _ in 0..50 {
            if gone() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        eprintln!("slurm: {name} (pid {pid}) ignored SIGTERM: SIGKILL");
        self.signal(pid, "-KILL");
        false
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let start = Instant::now();
        if !self.jobs.is_empty() && self.alive("slurmctld") {
            let _ = self
                .client("scancel")
                .args(&self.jobs)
                .stderr(Stdio::null())
                .status();
        }
        for pid in self.our_steps() {
            self.stop_pid("slurmstepd", pid, || {
                !Path::new(&format!("/proc/{pid}")).exists()
            });
        }
        let mut daemons = std::mem::take(&mut self.daemons);
        while let Some((name, mut child)) = daemons.pop() {
            if matches!(child.try_wait(), Ok(None)) {
                // The daemon is our child: it is gone once reaped (a zombie keeps /proc/PID).
                self.stop_pid(name, child.id(), || !matches!(child.try_wait(), Ok(None)));
            }
            let _ = child.wait();
        }
        println!(
            "slurm: daemons stopped in {:.1} s",
            start.elapsed().as_secs_f64()
        );
        let removed = match self.root {
            Root::Already => std::fs::remove_dir_all(&self.dir).is_ok(),
            Root::Sudo => self
                .root
                .command("rm")
                .arg("-rf")
                .arg(&self.dir)
                .status()
                .is_ok_and(|s| s.success()),
        };
        if !removed {
            eprintln!("slurm: could not remove {}", self.dir.display());
        }
    }
}

/// The finished state of a job or array task, as `scontrol -o show job` gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobLine {
    pub task: Option<u32>,
    pub state: String,
    pub reason: String,
    /// "code:signal".
    pub exit: String,
}

impl JobLine {
    /// Whether Slurm is done with it: finished, or pending on a dependency that can never be
    /// satisfied.
    pub fn settled(&self) -> bool {
        self.reason == "DependencyNeverSatisfied"
            || !matches!(
                self.state.as_str(),
                "PENDING"
                    | "RUNNING"
                    | "CONFIGURING"
                    | "COMPLETING"
                    | "SUSPENDED"
                    | "REQUEUED"
                    | "REQUEUE_HOLD"
                    | "RESIZING"
                    | "SIGNALING"
                    | "STAGE_OUT"
            )
    }
}

fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    line.split_whitespace().find_map(|w| w.strip_prefix(key))
}

impl Cluster {
    /// The tasks of a job (one line for a plain job), by task id; `None` when slurmctld does
    /// not answer.
    pub fn job(&self, id: &str) -> Option<Vec<JobLine>> {
        let out: Output = self
            .client("scontrol")
            .args(["-o", "show", "job", id])
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let mut lines: Vec<JobLine> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.contains("JobId="))
            .map(|l| JobLine {
                task: field(l, "ArrayTaskId=").and_then(|t| t.parse().ok()),
                state: field(l, "JobState=").unwrap_or("").to_string(),
                reason: field(l, "Reason=").unwrap_or("").to_string(),
                exit: field(l, "ExitCode=").unwrap_or("").to_string(),
            })
            .collect();
        lines.sort_by_key(|l| l.task);
        Some(lines)
    }

    /// Waits until every task of every job is settled; panics with the queue after `timeout`.
    pub fn wait(&self, ids: &[&str], timeout: Duration) {
        let start = Instant::now();
        loop {
            let settled = ids.iter().all(|id| {
                self.job(id)
                    .is_some_and(|ls| !ls.is_empty() && ls.iter().all(JobLine::settled))
            });
            if settled {
                return;
            }
            if start.elapsed() > timeout {
                let queue = self
                    .client("squeue")
                    .args(["-h", "-o", "%i %T %r"])
                    .output()
                    .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                    .unwrap_or_default();
                self.die(&format!(
                    "jobs {ids:?} not finished after {timeout:?}; queue:\n{queue}"
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}
