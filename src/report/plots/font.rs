//! The one font of every plot: DejaVu Sans, compiled into the binary and registered with
//! plotters, so drawing needs no font installed on the machine.

use super::Failed;
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// The family the plots ask for, registered under this exact name. SVG files name it in
/// `font-family` as a CSS list: the layout was measured with DejaVu Sans, so a viewer that
/// has it (or Verdana, of nearly the same widths) draws the text as the PNG does.
pub(super) const FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

/// Registers DejaVu Sans (regular and bold) once per process.
pub(super) fn ensure_registered() -> Result<(), Failed> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            let fonts = [
                ("regular", FontStyle::Normal, dejavu::sans::regular()),
                ("bold", FontStyle::Bold, dejavu::sans::bold()),
            ];
            for (name, style, bytes) in fonts {
                register_font(FAMILY, style, bytes)
                    .map_err(|_| format!("the embedded DejaVu Sans {name} is not a valid font"))?;
            }
            Ok(())
        })
        .clone()
        .map_err(Failed)
}
