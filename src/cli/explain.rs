//! `vpcsim explain KEY`: a key's entry of the scenario reference (docs/scenario.md, embedded
//! in the binary), so the answer is the same text a user reads in the documentation.

use super::EXIT_BAD_INPUT;
use crate::scenario::reference::{Found, all_keys, lookup, render_entry, suggestion};

/// Prints the entry of `key` (or every key with `list`). Exit 0 when found, 2 when the key is
/// unknown.
pub fn run(key: Option<&str>, list: bool) -> u8 {
    if list {
        for k in all_keys() {
            println!("{k}");
        }
        return 0;
    }
    let Some(key) = key else {
        eprintln!("error: name a key, e.g. `vpcsim explain flow.rate`");
        eprintln!("hint: `vpcsim explain --list` prints every key");
        return EXIT_BAD_INPUT;
    };
    let found = lookup(key);
    if found.is_empty() {
        eprintln!("error: unknown key \"{}\"", crate::report::safe(key));
        match suggestion(key) {
            Some(s) => {
                eprintln!("hint: did you mean `{s}`? `vpcsim explain --list` prints every key")
            }
            None => eprintln!("hint: `vpcsim explain --list` prints every key"),
        }
        return EXIT_BAD_INPUT;
    }
    let parts: Vec<String> = found
        .into_iter()
        .map(|f| match f {
            Found::Section(s) => s.text.trim_end().to_string() + "\n",
            Found::Entry(s, e) => render_entry(s, e),
        })
        .collect();
    print!("{}", parts.join("\n"));
    0
}
