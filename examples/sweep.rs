//! Sizes a connection from code: the quickstart's Express Connect spec swept over four
//! values, with the smallest that meets every target.
//!
//! `cargo run --release --example sweep`

use std::path::Path;
use vpcsim::study::{Answer, Design, SweepStudy};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let design = Design::load(Path::new("scenarios/quickstart.toml"))?;
    let sweep = design.with_sweep(
        "connection.hz-sh.spec",
        &["Middle.2", "Middle.5", "Large.1", "Large.2"],
    )?;
    let result = SweepStudy::new(&sweep)
        .replications(4)
        .seed(7)
        .execute(&())?;
    for point in &result.summary.sweep.points {
        println!("{:<9} {}", point.value, point.verdict.word());
    }
    match result.answer() {
        Answer::Capacity(c) => println!(
            "smallest {} meeting every target: {} ({} Mbps)",
            c.parameter, c.smallest, c.bandwidth_mbps
        ),
        _ => println!("no value meets every target"),
    }
    Ok(())
}
