//! `--help` of every subcommand describes each positional argument and option and lists the
//! command's exit codes, so a CI pipeline can be written from the help alone. The subcommands
//! and their arguments come from the parser itself, so a new command is checked too.

use clap::CommandFactory;
use std::process::Command;
use vpcsim::cli::Cli;

fn help(sub: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args([sub, "--help"])
        .output()
        .expect("vpcsim runs");
    assert_eq!(out.status.code(), Some(0), "{sub} --help");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_subcommand_help_lists_exit_codes_and_describes_its_arguments() {
    let cli = Cli::command();
    let subs: Vec<&clap::Command> = cli.get_subcommands().collect();
    assert!(subs.len() >= 10, "{} subcommands", subs.len());
    for sub in subs {
        let name = sub.get_name();
        let text = help(name);
        assert!(
            text.contains("Exit codes"),
            "{name} --help has no exit codes:\n{text}"
        );
        assert!(
            text.contains("  0  "),
            "{name} --help does not say what 0 means"
        );
        assert!(
            text.contains("  2  "),
            "{name} --help does not say what 2 means"
        );
        for arg in sub.get_arguments().filter(|a| a.get_id() != "help") {
            let about = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(
                !about.is_empty(),
                "{name}: `{}` has no description",
                arg.get_id()
            );
            if arg.is_positional() {
                let value = arg
                    .get_value_names()
                    .and_then(|v| v.first().map(|n| n.to_string()))
                    .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
                // Required positionals show as <KEY>, optional ones as [KEY].
                let shown =
                    text.contains(&format!("<{value}>")) || text.contains(&format!("[{value}]"));
                assert!(shown, "{name} --help does not show {value}:\n{text}");
            }
            let first_words: String = about
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                text.contains(&first_words),
                "{name} --help does not describe `{}`",
                arg.get_id()
            );
        }
    }
}

#[test]
fn threads_shows_its_default_once_and_no_zero() {
    for sub in ["run", "check", "n1"] {
        let text = help(sub);
        let line = text
            .lines()
            .find(|l| l.contains("--threads"))
            .unwrap_or_else(|| panic!("{sub} has no --threads"));
        assert!(line.contains("(default: all cores)"), "{line}");
        assert_eq!(text.matches("all cores").count(), 1, "{text}");
        assert!(!text.contains("[default: 0]"), "{text}");
    }
}
