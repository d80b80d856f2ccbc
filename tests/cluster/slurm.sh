#!/usr/bin/env bash
# Live Slurm test: starts a throw-away single-node Slurm cluster (munged, slurmctld, slurmd, all
# as root in a temp folder, on free ports), submits a vpcsim job array of 4 shards plus the
# dependent merge job through docs/cluster/submit.sh, and checks that the merged CSVs are
# byte-identical to an unsharded local run. Then submits again with one shard pointed at a
# missing scenario and checks that the merge job never runs and the failed shard is reported
# with its log.
#
# Needs root and the Debian packages slurm-wlm and munge (installed here when missing). Without
# root or packages it prints "SKIP: ..." and exits 0 (VPCSIM_REQUIRE_SLURM=1 makes that a
# failure; VPCSIM_SKIP_SLURM=1 skips on purpose). Uses the release binary, building it if absent.
# Stops only the daemons it started, by PID, and removes its temp folder, also on failure.
set -euo pipefail

t_start=$(date +%s%N)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

SHARDS=4
REPLICATIONS=8
SCENARIO=scenarios/quickstart.toml
NODE_TIMEOUT=30 # s for the node to become idle
JOB_TIMEOUT=120 # s for an array and its merge job to finish

elapsed() { # seconds since a `date +%s%N` stamp, to the millisecond
    local ms=$((($(date +%s%N) - $1) / 1000000))
    printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}
log() { echo "slurm test: $*"; }
skip() {
    echo "SKIP: Slurm cluster test: $*"
    if [ "${VPCSIM_REQUIRE_SLURM:-}" = 1 ]; then
        echo "VPCSIM_REQUIRE_SLURM=1: a skip is a failure" >&2
        exit 1
    fi
    exit 0
}
fail() {
    echo "FAIL: Slurm cluster test: $*" >&2
    exit 1
}

[ "${VPCSIM_SKIP_SLURM:-}" != 1 ] || skip "VPCSIM_SKIP_SLURM=1"
[ "$(id -u)" = 0 ] || skip "needs root to install slurm-wlm/munge and run munged, slurmctld and slurmd (uid $(id -u))"

# --- the vpcsim binary -------------------------------------------------------------------
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$root/$target ;; esac
bin=$target/release/vpcsim
if [ ! -x "$bin" ]; then
    log "no $bin: cargo build --release"
    cargo build --release
fi

# --- packages ----------------------------------------------------------------------------
tools=(munged munge unmunge slurmctld slurmd sbatch squeue sinfo scontrol scancel)
missing() {
    local t
    for t in "${tools[@]}"; do command -v "$t" >/dev/null || { echo "$t"; return 0; }; done
    return 1
}
t_install=$(date +%s%N)
installed=no
if missing >/dev/null; then
    command -v apt-get >/dev/null || skip "$(missing) not found and no apt-get to install slurm-wlm and munge"
    log "installing slurm-wlm and munge ($(missing) not found)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=120 update -qq >/dev/null ||
        skip "apt-get update failed: cannot install slurm-wlm and munge"
    apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends slurm-wlm munge >/dev/null ||
        skip "apt-get install slurm-wlm munge failed"
    ! missing >/dev/null || skip "$(missing) still not found after installing slurm-wlm and munge"
    installed=yes
fi
install_s=$(elapsed "$t_install")
log "packages: $( [ $installed = yes ] && echo "installed in ${install_s}s" || echo "already installed" ) ($(slurmd -V))"

# --- throw-away cluster ------------------------------------------------------------------
host=$(hostname -s)
tmp='' conf='' munged_pid='' slurmctld_pid='' slurmd_pid=''
jobs_submitted=()

# Processes of this cluster's job steps: slurmstepd and its children carry our SLURM_CONF.
our_steps() {
    local p
    [ -n "$conf" ] || return 0
    for p in /proc/[0-9]*; do
        [ "$(cat "$p/comm" 2>/dev/null)" = slurmstepd ] || continue
        { tr '\0' '\n' <"$p/environ"; } 2>/dev/null | grep -qxF "SLURM_CONF=$conf" && echo "${p#/proc/}"
    done
    return 0
}

stop_pid() { # name pid
    local name=$1 pid=$2 i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        echo "slurm test: $name (pid $pid) ignored SIGTERM: SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$? p t_stop
    set +e
    trap - EXIT INT TERM
    if [ ${#jobs_submitted[@]} -gt 0 ] && [ -n "$slurmctld_pid" ] && kill -0 "$slurmctld_pid" 2>/dev/null; then
        scancel "${jobs_submitted[@]}" 2>/dev/null
        for _ in $(seq 50); do [ -z "$(our_steps)" ] && break; sleep 0.1; done
    fi
    t_stop=$(date +%s%N)
    for p in $(our_steps); do stop_pid slurmstepd "$p"; done
    stop_pid slurmd "$slurmd_pid"
    stop_pid slurmctld "$slurmctld_pid"
    stop_pid munged "$munged_pid"
    [ -z "$munged_pid" ] || echo "slurm test: daemons stopped in $(elapsed "$t_stop")s"
    [ -z "$tmp" ] || rm -rf "$tmp"
    echo "slurm test: wall time $(elapsed "$t_start")s (package install: $( [ $installed = yes ] && echo "${install_s}s" || echo "none, already installed" ))"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# In /tmp, not $TMPDIR: the munge socket path must stay short (sockaddr_un holds 108 bytes).
tmp=$(mktemp -d /tmp/vpcsim-slurm.XXXXXX)
chmod 755 "$tmp"
mkdir -p "$tmp/munge" "$tmp/slurm/state" "$tmp/slurm/spool"
chmod 755 "$tmp/munge"
conf=$tmp/slurm/slurm.conf
sock=$tmp/munge/munge.socket.2

show_logs() {
    local f
    for f in "$tmp"/munge/munged.out "$tmp"/slurm/*.log "$tmp"/slurm/*.out "$tmp"/*/logs/*.log; do
        [ -s "$f" ] || continue
        echo "----- $f (last 40 lines)" >&2
        tail -n 40 "$f" >&2
    done
}
die() { show_logs; fail "$*"; }

# A TCP port nobody listens on (from /proc/net/tcp*, so no extra tools are needed).
port_free() {
    local hex
    hex=$(printf '%04X' "$1")
    ! grep -qE "^ *[0-9]+: [0-9A-F]+:$hex [0-9A-F]+:[0-9A-F]+ 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
port=$((20000 + RANDOM % 12000)) # below the usual ephemeral range (32768-)
while ! port_free "$port" || ! port_free $((port + 1)); do port=$((port + 2)); done

t_cluster=$(date +%s%N)
head -c 1024 /dev/urandom >"$tmp/munge/munge.key"
chmod 400 "$tmp/munge/munge.key"
munged -F --force --key-file="$tmp/munge/munge.key" --socket="$sock" \
    --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" \
    --log-file="$tmp/munge/munged.log" >"$tmp/munge/munged.out" 2>&1 &
munged_pid=$!
for _ in $(seq 100); do
    munge -n -S "$sock" 2>/dev/null | unmunge -S "$sock" >/dev/null 2>&1 && break
    kill -0 "$munged_pid" 2>/dev/null || die "munged exited"
    sleep 0.1
done
munge -n -S "$sock" | unmunge -S "$sock" >/dev/null || die "munged does not answer on $sock"

hw=$(slurmd -C | grep '^NodeName=' | sed -E 's/^NodeName=[^ ]+ *//') || die "slurmd -C failed"
[ -n "$hw" ] || die "slurmd -C printed no node description"
cat >"$conf" <<EOF
# Throw-away single-node cluster of tests/cluster/slurm.sh
ClusterName=vpcsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$tmp/slurm/state
SlurmdSpoolDir=$tmp/slurm/spool
SlurmctldPidFile=$tmp/slurm/slurmctld.pid
SlurmdPidFile=$tmp/slurm/slurmd.pid
SlurmctldLogFile=$tmp/slurm/slurmctld.log
SlurmdLogFile=$tmp/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$conf
# Daemons and clients of the machine's own Slurm, if any, stay untouched: other ports, other conf.
slurmctld -D -i >"$tmp/slurm/slurmctld.out" 2>&1 &
slurmctld_pid=$!
slurmd -D -N "$host" >"$tmp/slurm/slurmd.out" 2>&1 &
slurmd_pid=$!
log "munged $munged_pid, slurmctld $slurmctld_pid, slurmd $slurmd_pid; ports $port/$((port + 1)); $tmp"

state=''
for _ in $(seq $((NODE_TIMEOUT * 5))); do
    kill -0 "$slurmctld_pid" 2>/dev/null || die "slurmctld exited"
    kill -0 "$slurmd_pid" 2>/dev/null || die "slurmd exited"
    state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.2
done
[ "$state" = idle ] || die "node $host not idle after ${NODE_TIMEOUT}s (state '${state}')"
log "node $host idle $(elapsed "$t_cluster")s after starting the daemons"

# --- helpers on jobs ---------------------------------------------------------------------
# One line per job or array task: "JobId ArrayTaskId JobState Reason ExitCode".
# Fails when slurmctld does not answer.
job_lines() {
    local out
    out=$(scontrol -o show job "$1" 2>/dev/null) || return 1
    while read -r line; do
        local id task st reason ec
        id=$(grep -oE '\bJobId=[0-9]+' <<<"$line" | cut -d= -f2)
        task=$(grep -oE '\bArrayTaskId=[0-9]+' <<<"$line" | cut -d= -f2 || true)
        st=$(grep -oE '\bJobState=[A-Z_]+' <<<"$line" | cut -d= -f2)
        reason=$(grep -oE '\bReason=[^ ]+' <<<"$line" | cut -d= -f2)
        ec=$(grep -oE '\bExitCode=[0-9:]+' <<<"$line" | cut -d= -f2)
        echo "$id ${task:--} $st $reason $ec"
    done <<<"$out" | sort -k2,2n
}
# True while a job is still to run or running; a job that can never start is finished.
unfinished() {
    local id lines
    for id in "$@"; do
        lines=$(job_lines "$id") || return 0 # no answer: ask again
        awk <<<"$lines" '
            $4 == "DependencyNeverSatisfied" { next }
            $3 ~ /^(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED|REQUEUED|REQUEUE_HOLD|RESIZING|SIGNALING|STAGE_OUT)$/ { found = 1 }
            END { exit !found }' && return 0
    done
    return 1
}
wait_jobs() {
    local t0
    t0=$(date +%s)
    while unfinished "$@"; do
        [ $(($(date +%s) - t0)) -lt $JOB_TIMEOUT ] || {
            squeue -h -j "$(IFS=,; echo "$*")" -o '%i %T %r' >&2 || true
            die "jobs $* not finished after ${JOB_TIMEOUT}s"
        }
        sleep 0.2
    done
}
submit() { # out-dir, then env assignments for submit.sh
    local out=$1 ids
    shift
    ids=$(env "$@" VPCSIM="$bin" bash docs/cluster/submit.sh "$SCENARIO" "$out" "$SHARDS" \
        -- --replications "$REPLICATIONS") || die "docs/cluster/submit.sh failed"
    array_job=$(sed -n 's/^array_job=//p' <<<"$ids")
    merge_job=$(sed -n 's/^merge_job=//p' <<<"$ids")
    [ -n "$array_job" ] && [ -n "$merge_job" ] || die "submit.sh printed no job ids: $ids"
    jobs_submitted+=("$array_job" "$merge_job")
}

# --- the reference: one unsharded local run ------------------------------------------------
set +e
"$bin" run "$SCENARIO" --replications "$REPLICATIONS" --out "$tmp/whole" >"$tmp/whole.log" 2>&1
whole_rc=$?
set -e
[ $whole_rc -le 1 ] || { cat "$tmp/whole.log" >&2; fail "local unsharded run exited $whole_rc"; }

# --- 1. the array and the merge job ---------------------------------------------------------
t_jobs=$(date +%s%N)
submit "$tmp/ok"
log "submitted array job $array_job ($SHARDS shards) and merge job $merge_job (afterok:$array_job)"
wait_jobs "$array_job" "$merge_job"
log "array and merge finished $(elapsed "$t_jobs")s after submission"
job_lines "$array_job" | sed 's/^/  shard task: /'
job_lines "$merge_job" | sed 's/^/  merge job:  /'
bad=$(job_lines "$array_job" | awk '$3 != "COMPLETED"') || die "scontrol show job $array_job failed"
[ -z "$bad" ] || { cat "$tmp"/ok/logs/shard-*.log >&2; die "shard tasks did not complete: $bad"; }
[ "$(job_lines "$array_job" | wc -l)" = "$SHARDS" ] || die "expected $SHARDS array tasks in job $array_job"
read -r _ _ mstate _ mexit <<<"$(job_lines "$merge_job")"
[ "$mexit" = "$whole_rc:0" ] || {
    cat "$tmp/ok/logs/merge.log" >&2
    die "merge job $mstate with exit $mexit; the unsharded run exited $whole_rc"
}
for f in flows.csv connections.csv timeseries.csv; do
    [ -s "$tmp/ok/merged/$f" ] || { cat "$tmp/ok/logs/merge.log" >&2; die "no merged $f"; }
    cmp "$tmp/whole/$f" "$tmp/ok/merged/$f" ||
        die "merged $f differs from the unsharded run"
    log "merged $f ($(wc -l <"$tmp/ok/merged/$f") lines) is byte-identical to the unsharded run"
done

# --- 2. a failing shard: the merge job must not run -----------------------------------------
bad_task=2 # shard 3 of 4
t_jobs=$(date +%s%N)
submit "$tmp/fail" "SCENARIO_FOR_TASK_$bad_task=$tmp/no-such-scenario.toml"
log "submitted array job $array_job with task $bad_task pointed at a missing scenario, merge job $merge_job"
wait_jobs "$array_job" "$merge_job"
log "array finished and merge settled $(elapsed "$t_jobs")s after submission"
failed=$(job_lines "$array_job" | awk '$3 != "COMPLETED"') || die "scontrol show job $array_job failed"
[ -n "$failed" ] || die "every shard completed although task $bad_task had a missing scenario"
while read -r id task st reason ec; do
    echo "failed shard (injected on purpose): shard $((task + 1))/$SHARDS = job ${array_job}_$task ($st, exit $ec, reason $reason); its log $tmp/fail/logs/shard-$task.log:"
    sed 's/^/  | /' "$tmp/fail/logs/shard-$task.log" 2>/dev/null || echo "  | (no log)"
done <<<"$failed"
[ "$(awk '{print $2}' <<<"$failed")" = "$bad_task" ] || die "expected only task $bad_task to fail: $failed"
grep -q "no-such-scenario.toml" "$tmp/fail/logs/shard-$bad_task.log" ||
    die "the failed shard's log does not name the missing scenario"
read -r _ _ mstate mreason _ <<<"$(job_lines "$merge_job")"
log "merge job $merge_job: $mstate ($mreason)"
case "$mstate/$mreason" in
CANCELLED/* | PENDING/DependencyNeverSatisfied) ;;
*) die "merge job $merge_job is $mstate ($mreason), expected it never to run" ;;
esac
[ ! -e "$tmp/fail/merged" ] || die "the merge job wrote $tmp/fail/merged"
[ ! -e "$tmp/fail/logs/merge.log" ] || die "the merge job ran: $tmp/fail/logs/merge.log exists"
log "merge job never ran after the failed shard"

# --- 3. recovery as in docs/cluster/README.md: rerun that shard with --shard, then merge ----
fout=$tmp/fail
rm -rf "$fout/shard-$bad_task"
rerun=$(sbatch --parsable --output="$fout/logs/shard-$bad_task.log" --wrap \
    "$bin run $root/$SCENARIO --shard $((bad_task + 1))/$SHARDS --out $fout/shard-$bad_task --replications $REPLICATIONS")
rerun=${rerun%%;*}
jobs_submitted+=("$rerun")
wait_jobs "$rerun"
remerge=$(OUT=$fout VPCSIM=$bin sbatch --parsable --output="$fout/logs/merge.log" docs/cluster/slurm-merge.sbatch)
remerge=${remerge%%;*}
jobs_submitted+=("$remerge")
wait_jobs "$remerge"
read -r _ _ mstate _ mexit <<<"$(job_lines "$remerge")"
[ "$mexit" = "$whole_rc:0" ] || { cat "$fout/logs/merge.log" >&2; die "merge after the rerun: $mstate, exit $mexit"; }
for f in flows.csv connections.csv timeseries.csv; do
    cmp "$tmp/whole/$f" "$fout/merged/$f" || die "merged $f after the rerun differs from the unsharded run"
done
log "rerun of shard $((bad_task + 1))/$SHARDS (job $rerun) and merge (job $remerge): CSVs byte-identical to the unsharded run"
log "PASS"
