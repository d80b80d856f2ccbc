#!/usr/bin/env bash
# Submit a vpcsim run to Slurm: a job array of N shards, then a merge job that starts only when
# every shard succeeded (--dependency=afterok:<array job id>).
#
#   docs/cluster/submit.sh SCENARIO OUT [N] [-- extra `vpcsim run` arguments]
#   e.g. docs/cluster/submit.sh scenarios/quickstart.toml /shared/qs 16 -- --replications 400
#
# OUT must be a folder every node sees, and fresh (no shard-*/ from an earlier run): shards go
# to OUT/shard-<task id>/, the merged result to OUT/merged/, logs to OUT/logs/.
# Environment: VPCSIM (the binary, default vpcsim on PATH; give an absolute path),
# SBATCH_EXTRA (more sbatch options for both jobs, e.g. "--partition=long --time=2:00:00"),
# SCENARIO_FOR_TASK_<ID> (see slurm-array.sbatch).
# Prints the two job ids as `array_job=ID` and `merge_job=ID`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() { echo "usage: $0 SCENARIO OUT [N] [-- vpcsim run arguments]" >&2; exit 2; }
[ $# -ge 2 ] || usage
scenario=$1 out=$2
shift 2
n=4
if [ $# -gt 0 ] && [ "$1" != "--" ]; then n=$1; shift; fi
if [ $# -gt 0 ]; then [ "$1" = "--" ] || usage; shift; fi
case $n in '' | *[!0-9]* | 0*) echo "N must be a positive whole number, not '$n'" >&2; exit 2 ;; esac
[ -f "$scenario" ] || { echo "no scenario file $scenario" >&2; exit 2; }

mkdir -p "$out/logs"
out=$(cd "$out" && pwd)
if compgen -G "$out/shard-*" >/dev/null || [ -e "$out/merged" ]; then
    echo "$out already holds shard-*/ or merged/ of another run: choose a fresh folder" >&2
    exit 2
fi
export SCENARIO
SCENARIO=$(cd "$(dirname "$scenario")" && pwd)/$(basename "$scenario")
export OUT=$out
export VPCSIM=${VPCSIM:-vpcsim}
export VPCSIM_ARGS="$*"
read -r -a sbatch_extra <<<"${SBATCH_EXTRA:-}"

# --parsable prints "jobid" or "jobid;cluster".
array_job=$(sbatch --parsable "${sbatch_extra[@]}" --array="0-$((n - 1))" \
    --output="$out/logs/shard-%a.log" "$here/slurm-array.sbatch")
array_job=${array_job%%;*}
merge_job=$(sbatch --parsable "${sbatch_extra[@]}" --dependency="afterok:$array_job" \
    --kill-on-invalid-dep=yes --output="$out/logs/merge.log" "$here/slurm-merge.sbatch")
merge_job=${merge_job%%;*}
echo "array_job=$array_job"
echo "merge_job=$merge_job"
echo "shards: $out/shard-0 .. $out/shard-$((n - 1)); merged result: $out/merged; logs: $out/logs" >&2
