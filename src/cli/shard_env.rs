//! `run --shard-from-env`: take the shard from the cluster scheduler's environment.
//!
//! - Slurm job arrays: `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_COUNT` and
//!   `SLURM_ARRAY_TASK_MIN` (and, when set, `SLURM_ARRAY_TASK_MAX`). Arrays may start at any
//!   index (`--array=0-3` or `--array=1-4`): shard K = ID - MIN + 1 of N = COUNT. The array
//!   must be contiguous (no step, no gaps), otherwise some replications would never run.
//! - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` (0-based) is shard K = INDEX + 1 of
//!   N = `--shard-count N` (or the `VPCSIM_SHARD_COUNT` variable).
//!
//! Anything missing or inconsistent is an error naming the variable and its value; the caller
//! exits 2 before anything is written.

use super::{Cli, Command, EXIT_BAD_INPUT};
use crate::study::Shard;

pub const SLURM_ID: &str = "SLURM_ARRAY_TASK_ID";
pub const SLURM_COUNT: &str = "SLURM_ARRAY_TASK_COUNT";
pub const SLURM_MIN: &str = "SLURM_ARRAY_TASK_MIN";
pub const SLURM_MAX: &str = "SLURM_ARRAY_TASK_MAX";
pub const K8S_INDEX: &str = "JOB_COMPLETION_INDEX";
pub const COUNT_VAR: &str = "VPCSIM_SHARD_COUNT";

/// A shard taken from the environment, with a line saying where it came from (for job logs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvShard {
    pub shard: Shard,
    pub source: String,
}

/// Resolves `--shard-from-env` in a parsed command line: on `run` with the flag, fills in
/// `--shard` from the process environment. Returns the exit code on error (message printed).
pub fn apply(mut cli: Cli) -> Result<Cli, u8> {
    if let Command::Run {
        shard,
        shard_from_env: true,
        shard_count,
        ..
    } = &mut cli.command
    {
        if shard.is_some() {
            eprintln!("error: --shard and --shard-from-env are exclusive: give one of them");
            return Err(EXIT_BAD_INPUT);
        }
        match shard_from_env(|k| std::env::var(k).ok(), *shard_count) {
            Ok(found) => {
                eprintln!("{}", found.source);
                *shard = Some(found.shard);
            }
            Err(e) => {
                eprintln!("error: --shard-from-env: {e}");
                return Err(EXIT_BAD_INPUT);
            }
        }
    }
    Ok(cli)
}

/// The shard described by the environment seen through `lookup`. `count_flag` is
/// `--shard-count` (Kubernetes; for Slurm it must agree with `SLURM_ARRAY_TASK_COUNT`).
pub fn shard_from_env(
    lookup: impl Fn(&str) -> Option<String>,
    count_flag: Option<u32>,
) -> Result<EnvShard, String> {
    if let Some(id) = lookup(SLURM_ID) {
        return slurm(&lookup, &id, count_flag);
    }
    if let Some(index) = lookup(K8S_INDEX) {
        return kubernetes(&lookup, &index, count_flag);
    }
    Err(format!(
        "neither {SLURM_ID} (Slurm job array) nor {K8S_INDEX} (Kubernetes Indexed Job) is set; \
         run inside a job array or an Indexed Job, or give --shard K/N"
    ))
}

fn number(name: &str, value: &str) -> Result<i64, String> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| format!("{name}={value:?} is not a whole number"))
}

fn required(lookup: &impl Fn(&str) -> Option<String>, name: &str) -> Result<i64, String> {
    let value = lookup(name).ok_or_else(|| {
        format!("{SLURM_ID} is set but {name} is not; is this a Slurm job array (sbatch --array)?")
    })?;
    number(name, &value)
}

fn slurm(
    lookup: &impl Fn(&str) -> Option<String>,
    id: &str,
    count_flag: Option<u32>,
) -> Result<EnvShard, String> {
    let id_n = number(SLURM_ID, id)?;
    let count = required(lookup, SLURM_COUNT)?;
    let min = required(lookup, SLURM_MIN)?;
    if count < 1 || count > u32::MAX as i64 {
        return Err(format!(
            "{SLURM_COUNT}={count} is not a shard count (at least 1)"
        ));
    }
    if min < 0 {
        return Err(format!("{SLURM_MIN}={min} is negative"));
    }
    if let Some(max) = lookup(SLURM_MAX) {
        let max = number(SLURM_MAX, &max)?;
        if max - min + 1 != count {
            return Err(format!(
                "the array is not contiguous: {SLURM_MIN}={min}, {SLURM_MAX}={max} but \
                 {SLURM_COUNT}={count}; submit --array=A-B without a step or gaps so that every \
                 shard runs"
            ));
        }
    }
    let last = min + count - 1;
    if id_n < min || id_n > last {
        return Err(format!(
            "{SLURM_ID}={id_n} is outside the array {min}..={last} \
             ({SLURM_MIN}={min}, {SLURM_COUNT}={count})"
        ));
    }
    if let Some(n) = count_flag
        && i64::from(n) != count
    {
        return Err(format!(
            "--shard-count {n} disagrees with {SLURM_COUNT}={count}"
        ));
    }
    let shard = Shard {
        index: (id_n - min) as u32,
        count: count as u32,
    };
    Ok(EnvShard {
        shard,
        source: format!(
            "shard {}/{} from {SLURM_ID}={id_n} ({SLURM_MIN}={min}, {SLURM_COUNT}={count})",
            shard.index + 1,
            shard.count
        ),
    })
}

fn kubernetes(
    lookup: &impl Fn(&str) -> Option<String>,
    index: &str,
    count_flag: Option<u32>,
) -> Result<EnvShard, String> {
    let index_n = number(K8S_INDEX, index)?;
    let (count, count_text) = match count_flag {
        Some(n) => (i64::from(n), format!("--shard-count {n}")),
        None => match lookup(COUNT_VAR) {
            Some(v) => {
                let n = number(COUNT_VAR, &v)?;
                (n, format!("{COUNT_VAR}={n}"))
            }
            None => {
                return Err(format!(
                    "{K8S_INDEX}={index_n} is set but the shard count is not: give --shard-count N \
                     (the Job's completions) or set {COUNT_VAR}"
                ));
            }
        },
    };
    if count < 1 || count > u32::MAX as i64 {
        return Err(format!("{count_text} is not a shard count (at least 1)"));
    }
    if index_n < 0 || index_n >= count {
        return Err(format!(
            "{K8S_INDEX}={index_n} is outside 0..={} ({count_text})",
            count - 1
        ));
    }
    let shard = Shard {
        index: index_n as u32,
        count: count as u32,
    };
    Ok(EnvShard {
        shard,
        source: format!(
            "shard {}/{} from {K8S_INDEX}={index_n} ({count_text})",
            shard.index + 1,
            shard.count
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    fn shard(index: u32, count: u32) -> Shard {
        Shard { index, count }
    }

    fn slurm_env(id: &str, min: &str, count: &str) -> Vec<(&'static str, String)> {
        vec![
            (SLURM_ID, id.to_string()),
            (SLURM_MIN, min.to_string()),
            (SLURM_COUNT, count.to_string()),
        ]
    }

    fn resolve(vars: &[(&str, String)], flag: Option<u32>) -> Result<Shard, String> {
        let v: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        shard_from_env(env(&v), flag).map(|s| s.shard)
    }

    #[test]
    fn slurm_arrays_starting_at_zero_and_at_one_give_the_same_shards() {
        for k in 0..4u32 {
            let zero = resolve(&slurm_env(&k.to_string(), "0", "4"), None);
            let one = resolve(&slurm_env(&(k + 1).to_string(), "1", "4"), None);
            assert_eq!(zero, Ok(shard(k, 4)));
            assert_eq!(one, Ok(shard(k, 4)));
        }
        // An array starting elsewhere, e.g. a resubmission as --array=10-13.
        assert_eq!(resolve(&slurm_env("12", "10", "4"), None), Ok(shard(2, 4)));
    }

    #[test]
    fn slurm_max_must_make_the_array_contiguous() {
        let mut vars = slurm_env("2", "0", "4");
        vars.push((SLURM_MAX, "3".into()));
        assert_eq!(resolve(&vars, None), Ok(shard(2, 4)));
        // --array=0-6:2 gives 4 tasks 0, 2, 4, 6: not a set of shards.
        let mut vars = slurm_env("2", "0", "4");
        vars.push((SLURM_MAX, "6".into()));
        let e = resolve(&vars, None).unwrap_err();
        assert!(
            e.contains("not contiguous") && e.contains("SLURM_ARRAY_TASK_MAX=6"),
            "{e}"
        );
    }

    #[test]
    fn slurm_id_outside_the_array_is_an_error_naming_it() {
        let e = resolve(&slurm_env("4", "0", "4"), None).unwrap_err();
        assert!(
            e.contains("SLURM_ARRAY_TASK_ID=4") && e.contains("0..=3"),
            "{e}"
        );
        let e = resolve(&slurm_env("0", "1", "4"), None).unwrap_err();
        assert!(
            e.contains("SLURM_ARRAY_TASK_ID=0") && e.contains("1..=4"),
            "{e}"
        );
    }

    #[test]
    fn slurm_values_that_are_not_numbers_or_missing_are_errors() {
        let e = resolve(&slurm_env("two", "0", "4"), None).unwrap_err();
        assert!(e.contains("SLURM_ARRAY_TASK_ID=\"two\""), "{e}");
        let e = resolve(&slurm_env("1", "0", ""), None).unwrap_err();
        assert!(e.contains("SLURM_ARRAY_TASK_COUNT=\"\""), "{e}");
        let e = resolve(&slurm_env("1", "-1", "4"), None).unwrap_err();
        assert!(e.contains("SLURM_ARRAY_TASK_MIN=-1"), "{e}");
        let e = resolve(&[(SLURM_ID, "1".into()), (SLURM_MIN, "0".into())], None).unwrap_err();
        assert!(e.contains("SLURM_ARRAY_TASK_COUNT is not"), "{e}");
        let e = resolve(&[(SLURM_ID, "1".into()), (SLURM_COUNT, "4".into())], None).unwrap_err();
        assert!(e.contains("SLURM_ARRAY_TASK_MIN is not"), "{e}");
    }

    #[test]
    fn slurm_count_zero_is_an_error() {
        let e = resolve(&slurm_env("0", "0", "0"), None).unwrap_err();
        assert!(e.contains("SLURM_ARRAY_TASK_COUNT=0"), "{e}");
    }

    #[test]
    fn a_shard_count_flag_must_agree_with_slurm() {
        assert_eq!(resolve(&slurm_env("1", "0", "4"), Some(4)), Ok(shard(1, 4)));
        let e = resolve(&slurm_env("1", "0", "4"), Some(3)).unwrap_err();
        assert!(
            e.contains("--shard-count 3") && e.contains("SLURM_ARRAY_TASK_COUNT=4"),
            "{e}"
        );
    }

    #[test]
    fn kubernetes_index_is_zero_based_with_a_count_from_the_flag_or_the_variable() {
        let idx = |i: &str| vec![(K8S_INDEX, i.to_string())];
        assert_eq!(resolve(&idx("0"), Some(4)), Ok(shard(0, 4)));
        assert_eq!(resolve(&idx("3"), Some(4)), Ok(shard(3, 4)));
        let mut vars = idx("2");
        vars.push((COUNT_VAR, "5".into()));
        assert_eq!(resolve(&vars, None), Ok(shard(2, 5)));
        // The flag wins over the variable.
        assert_eq!(resolve(&vars, Some(3)), Ok(shard(2, 3)));
    }

    #[test]
    fn kubernetes_inconsistent_values_are_errors_naming_them() {
        let idx = |i: &str| vec![(K8S_INDEX, i.to_string())];
        let e = resolve(&idx("4"), Some(4)).unwrap_err();
        assert!(
            e.contains("JOB_COMPLETION_INDEX=4") && e.contains("0..=3"),
            "{e}"
        );
        let e = resolve(&idx("-1"), Some(4)).unwrap_err();
        assert!(e.contains("JOB_COMPLETION_INDEX=-1"), "{e}");
        let e = resolve(&idx("x"), Some(4)).unwrap_err();
        assert!(e.contains("JOB_COMPLETION_INDEX=\"x\""), "{e}");
        let e = resolve(&idx("0"), Some(0)).unwrap_err();
        assert!(e.contains("--shard-count 0"), "{e}");
        let e = resolve(&idx("0"), None).unwrap_err();
        assert!(e.contains("--shard-count") && e.contains(COUNT_VAR), "{e}");
        let mut vars = idx("0");
        vars.push((COUNT_VAR, "0".into()));
        let e = resolve(&vars, None).unwrap_err();
        assert!(e.contains("VPCSIM_SHARD_COUNT=0"), "{e}");
        let mut vars = idx("0");
        vars.push((COUNT_VAR, "four".into()));
        let e = resolve(&vars, None).unwrap_err();
        assert!(e.contains("VPCSIM_SHARD_COUNT=\"four\""), "{e}");
    }

    #[test]
    fn no_scheduler_variables_is_an_error_naming_both() {
        let e = resolve(&[], Some(4)).unwrap_err();
        assert!(e.contains(SLURM_ID) && e.contains(K8S_INDEX), "{e}");
    }

    #[test]
    fn slurm_takes_precedence_and_says_where_the_shard_came_from() {
        let vars = [
            (SLURM_ID, "3"),
            (SLURM_MIN, "1"),
            (SLURM_COUNT, "4"),
            (K8S_INDEX, "0"),
        ];
        let found = shard_from_env(env(&vars), None).unwrap();
        assert_eq!(found.shard, shard(2, 4));
        assert_eq!(
            found.source,
            "shard 3/4 from SLURM_ARRAY_TASK_ID=3 (SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=4)"
        );
    }
}
