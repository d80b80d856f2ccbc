//! Runs the quickstart design from code and prints each flow's verdict and mean loss.
//!
//! `cargo run --release --example run [SCENARIO]`

use std::path::PathBuf;
use vpcsim::study::{Design, Run};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("scenarios/quickstart.toml"), PathBuf::from);
    let design = match Design::load(&path) {
        Ok(d) => d,
        Err(e) => {
            // Every problem, with file:line:column, key and hint.
            if let Some(d) = e.diagnostics() {
                eprintln!("{}", d.render());
            }
            return Err(e.into());
        }
    };
    let result = Run::new(&design).replications(4).seed(7).execute(&())?;
    println!("{}: {}", design.name(), result.verdict().word());
    for flow in &result.summary.flows {
        let loss = flow.loss.map_or(f64::NAN, |m| m.mean * 100.0);
        println!(
            "  {:<16} {:<5} loss {loss:.4}%",
            flow.name,
            flow.verdict.word()
        );
    }
    Ok(())
}
