//! `vpcsim reach FILE`

use super::{EXIT_BAD_INPUT, print_diagnostics};
use crate::pipeline::load_network;
use crate::topology::reach::{reach, render};
use std::path::Path;

pub fn run(file: &Path) -> u8 {
    match load_network(file) {
        Ok(l) => {
            print_diagnostics(&l.warnings);
            let rows = reach(&l.network);
            print!("{}", render(&l.network, &rows));
            0
        }
        Err(d) => {
            print_diagnostics(&d);
            EXIT_BAD_INPUT
        }
    }
}
