//! Loading a scenario file: TOML → [`Scenario`], with every problem reported at once.
//!
//! The file is parsed into a spanned tree (syntax errors are all collected by the TOML parser's
//! recovery), then each section and each entry of a `[[...]]` list is read field by field. The
//! result keeps the spans of names so the model can point at them. The format's reference is
//! docs/scenario.md; defaults are documented on the section structs.

mod diag;
mod keys;
mod matrix;
mod network;
mod reader;
pub mod reference;
mod settings;
mod traffic;
mod values;
mod words;

pub use diag::{Diagnostic, Diagnostics, Severity, SourceFile};
pub use keys::{KeyTable, accepted_keys, section_names};
pub use matrix::{MAX_SCALE, MatrixRow, TrafficMatrixEntry, scale_ok, scaled};
pub use network::{
    ConnectionEntry, IdcEntry, LinkEntry, PathOverrides, PhysicalConnectionEntry, RegionEntry,
    ResourceEntry, RouteEntry, VpcEntry,
};
pub use reader::{At, did_you_mean};
pub use settings::{
    BackboneSection, CostSection, LimitsSection, SLA_PRODUCTS, SimulationSection, SlaSection,
    SweepSection, WrittenTargets,
};
pub use traffic::{EventAction, EventEntry, FlowEntry};
pub use values::{BufferSpec, JitterSpec, Location, LossSpec, PacketSizeSpec};
pub use words::{
    BackboneTopology, Burst, ConnectionState, ConnectionType, JitterKind, LineMode, Provider,
    ResourceKind, RouteMode, Traffic, Word,
};

use crate::units::Bandwidth;
use reader::{Fields, table_entries};
use serde_spanned::Spanned;
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// Scenario files larger than this are refused before parsing: real scenarios are kilobytes,
/// and a huge file is a mistake (or hostile) that should not cost minutes and gigabytes.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// At most this many syntax errors are reported: past a few, they echo one broken line.
pub const MAX_SYNTAX_ERRORS: usize = 20;

/// Brackets nested deeper than this are refused before parsing (protects the parser's stack).
pub const MAX_NESTING: usize = 32;

/// A loaded scenario: every section with defaults applied, names with their spans.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub file: SourceFile,
    pub simulation: SimulationSection,
    pub sla: SlaSection,
    pub limits: LimitsSection,
    pub backbone: BackboneSection,
    pub regions: Vec<RegionEntry>,
    pub links: Vec<LinkEntry>,
    pub vpcs: Vec<VpcEntry>,
    pub idcs: Vec<IdcEntry>,
    pub physical_connections: Vec<PhysicalConnectionEntry>,
    pub connections: Vec<ConnectionEntry>,
    pub routes: Vec<RouteEntry>,
    /// `[[flow]]` entries, then the rows of every traffic matrix in order.
    pub flows: Vec<FlowEntry>,
    /// `[[traffic_matrix]]` entries; their rows are already in `flows`.
    pub traffic_matrices: Vec<TrafficMatrixEntry>,
    pub events: Vec<EventEntry>,
    /// Elements down for the whole window with routing already converged around them, as
    /// fault targets ("link:A/B", "vbr:X", ...): set by the N-1 analysis, not read from TOML.
    pub failed: Vec<At<String>>,
    pub sweep: Option<SweepSection>,
    pub cost: Option<CostSection>,
    /// `[specs]` extensions of the router interface catalogue.
    pub specs: Vec<(At<String>, Bandwidth)>,
}

const SECTIONS: &[&str] = &[
    "simulation",
    "sla",
    "limits",
    "backbone",
    "region",
    "link",
    "vpc",
    "idc",
    "physical_connection",
    "connection",
    "route",
    "flow",
    "traffic_matrix",
    "event",
    "sweep",
    "cost",
    "specs",
];

/// How a scenario may reach beyond its own file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Whether a `[[traffic_matrix]] file` may name a path outside the scenario file's folder
    /// (absolute, or climbing out with `..`). Off by default: a scenario from elsewhere must
    /// not be able to read, and echo in its errors, any file the user can read.
    pub allow_outside_paths: bool,
}

/// Reads and loads a scenario file. I/O problems are reported as a diagnostic at 1:1.
pub fn load_file(path: &Path) -> Result<(Scenario, Diagnostics), Diagnostics> {
    strict(load_file_lenient(path))
}

/// Like [`load_file`], but also returns the scenario when its only errors are unknown keys
/// (which lose no value), so the model's rules can still be checked and every problem of the
/// file reported at once. `None` when the file could not be read whole.
pub fn load_file_lenient(path: &Path) -> (Option<Scenario>, Diagnostics) {
    load_file_lenient_with(path, LoadOptions::default())
}

/// [`load_file_lenient`] with explicit [`LoadOptions`].
pub fn load_file_lenient_with(path: &Path, opts: LoadOptions) -> (Option<Scenario>, Diagnostics) {
    match read_file(path) {
        Ok((name, stem, bytes)) => load_bytes_lenient(&name, &stem, &bytes, opts),
        Err(d) => (None, d),
    }
}

fn strict(
    (scenario, diags): (Option<Scenario>, Diagnostics),
) -> Result<(Scenario, Diagnostics), Diagnostics> {
    match scenario {
        Some(s) if !diags.has_errors() => Ok((s, diags)),
        _ => Err(diags),
    }
}

fn read_file(path: &Path) -> Result<(String, String, Vec<u8>), Diagnostics> {
    use crate::input::{ReadError, read_bounded};
    let name = path.display().to_string();
    let bytes =
        read_bounded(path, MAX_FILE_BYTES as u64).map_err(|e| {
            let mut d = Diagnostics::new(SourceFile::new(name.clone(), ""));
            let (message, hint) = match e {
            ReadError::NotFound => (
                format!("no such file: {name}"),
                match nearest_scenario(path) {
                    Some(p) => format!("did you mean {p}?"),
                    None => "check the path; the scenario library is in scenarios/".to_string(),
                },
            ),
            ReadError::NotRegular(what) => (
                format!("{name} is {what}, not a scenario file"),
                "give a .toml file".to_string(),
            ),
            e @ ReadError::TooLarge { .. } => (
                format!("{name}: {e} for a scenario"),
                "a scenario describes a network in kilobytes; generate large studies with [sweep]"
                    .to_string(),
            ),
            ReadError::Io(e) => (format!("cannot read {name}: {e}"), "check the path".to_string()),
        };
            d.error_hint(0..0, "", message, hint);
            d
        })?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    Ok((name, stem, bytes))
}

/// The existing scenario whose file name is closest to the one asked for: in the folder the
/// path names, then in `scenarios/`.
fn nearest_scenario(path: &std::path::Path) -> Option<String> {
    let wanted = path.file_name()?.to_string_lossy().into_owned();
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    for dir in [parent, std::path::Path::new("scenarios")] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .take(10_000)
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        if let Some(best) = did_you_mean(&wanted, &refs) {
            return Some(dir.join(best).display().to_string());
        }
    }
    None
}

/// Loads a scenario from bytes. `name` is shown in diagnostics; `stem` is the default
/// `simulation.name`. Returns the scenario with its warnings, or every error found.
pub fn load_bytes(
    name: &str,
    stem: &str,
    bytes: &[u8],
) -> Result<(Scenario, Diagnostics), Diagnostics> {
    strict(load_bytes_lenient(
        name,
        stem,
        bytes,
        LoadOptions::default(),
    ))
}

fn load_bytes_lenient(
    name: &str,
    stem: &str,
    bytes: &[u8],
    opts: LoadOptions,
) -> (Option<Scenario>, Diagnostics) {
    if bytes.len() > MAX_FILE_BYTES {
        let mut d = Diagnostics::new(SourceFile::new(name.to_string(), ""));
        d.error_hint(
            0..0,
            "",
            format!(
                "file is {} bytes, more than the {MAX_FILE_BYTES}-byte limit for a scenario",
                bytes.len()
            ),
            "a scenario describes a network in kilobytes",
        );
        return (None, d);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(e) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let at = e.valid_up_to();
            let mut d = Diagnostics::new(SourceFile::new(name.to_string(), text));
            d.error_hint(
                at..at + 1,
                "",
                "the file is not valid UTF-8",
                "save the scenario as UTF-8 text",
            );
            return (None, d);
        }
    };
    load_text(name, stem, &text, opts)
}

/// Loads a scenario from text.
pub fn load_str(
    name: &str,
    stem: &str,
    text: &str,
) -> Result<(Scenario, Diagnostics), Diagnostics> {
    strict(load_text(name, stem, text, LoadOptions::default()))
}

/// Loads a scenario from text like [`load_file_lenient_with`]: the scenario when its only
/// errors lose no value, with every diagnostic. `name` is shown in diagnostics and its folder
/// is where traffic matrices are read from; `stem` is the default `simulation.name`.
pub fn load_text_lenient(
    name: &str,
    stem: &str,
    text: &str,
    opts: LoadOptions,
) -> (Option<Scenario>, Diagnostics) {
    load_text(name, stem, text, opts)
}

fn load_text(
    name: &str,
    stem: &str,
    text: &str,
    opts: LoadOptions,
) -> (Option<Scenario>, Diagnostics) {
    let mut diags = Diagnostics::new(SourceFile::new(name.to_string(), text));
    if let Some(at) = too_deep(text) {
        diags.error_hint(
            at..at + 1,
            "",
            format!("brackets nested more than {MAX_NESTING} deep"),
            "scenario values are at most a few levels deep",
        );
        return (None, diags);
    }
    let (root, syntax) = DeTable::parse_recoverable(text);
    for e in syntax.iter().take(MAX_SYNTAX_ERRORS) {
        let span = e.span().unwrap_or(0..0);
        diags.error_hint(
            span,
            "",
            format!("TOML syntax: {}", e.message().trim()),
            "see docs/scenario.md for the format",
        );
    }
    if syntax.len() > MAX_SYNTAX_ERRORS {
        let at = syntax[MAX_SYNTAX_ERRORS].span().map_or(0, |s| s.start);
        diags.error_hint(
            at..at,
            "",
            format!(
                "{} more TOML syntax errors not shown",
                syntax.len() - MAX_SYNTAX_ERRORS
            ),
            "fix the first ones: the rest often follow from them",
        );
    }
    if !syntax.is_empty() {
        diags.sort();
        return (None, diags);
    }
    let root_span = root.span();
    let root = root.into_inner();
    let mut scenario = read_root(&root, root_span, stem, &mut diags);
    // Traffic matrices are read relative to the scenario file's folder (`name` is its path).
    let dir = Path::new(name).parent().unwrap_or(Path::new(""));
    matrix::expand(&mut scenario, dir, opts, &mut diags);
    diags.sort();
    // An unknown key loses no value, so the scenario is still whole; any other error may
    // have dropped a value or an entry, and checking rules then would only echo the loss.
    let whole = diags.errors().all(|d| d.message.starts_with("unknown key"));
    (whole.then_some(scenario), diags)
}

/// Position of the first bracket or brace nested deeper than [`MAX_NESTING`], ignoring
/// brackets inside strings and comments.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_str: Option<u8> = None;
    let mut comment = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if comment {
            comment = b != b'\n';
        } else if let Some(q) = in_str {
            if b == b'\\' && q == b'"' {
                i += 1;
            } else if b == q {
                in_str = None;
            }
        } else {
            match b {
                b'#' => comment = true,
                b'"' | b'\'' => in_str = Some(b),
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(i);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

fn read_root(
    root: &DeTable<'_>,
    root_span: std::ops::Range<usize>,
    stem: &str,
    diags: &mut Diagnostics,
) -> Scenario {
    let mut s = Scenario {
        file: diags.file.clone(),
        simulation: settings::read_simulation(
            &mut Fields::new(&DeTable::new(), 0..0, "simulation", diags),
            stem,
        ),
        sla: SlaSection::default(),
        limits: LimitsSection::default(),
        backbone: BackboneSection::default(),
        regions: Vec::new(),
        links: Vec::new(),
        vpcs: Vec::new(),
        idcs: Vec::new(),
        physical_connections: Vec::new(),
        connections: Vec::new(),
        routes: Vec::new(),
        flows: Vec::new(),
        traffic_matrices: Vec::new(),
        events: Vec::new(),
        failed: Vec::new(),
        sweep: None,
        cost: None,
        specs: Vec::new(),
    };
    for (key, value) in root.iter() {
        let name: &str = key.get_ref();
        match name {
            "simulation" => {
                single(value, name, diags, |f| {
                    s.simulation = settings::read_simulation(f, stem)
                });
            }
            "sla" => single(value, name, diags, |f| s.sla = settings::read_sla(f)),
            "limits" => single(value, name, diags, |f| s.limits = settings::read_limits(f)),
            "backbone" => single(value, name, diags, |f| {
                s.backbone = settings::read_backbone(f)
            }),
            "sweep" => single(value, name, diags, |f| s.sweep = settings::read_sweep(f)),
            "cost" => single(value, name, diags, |f| {
                s.cost = Some(settings::read_cost(f))
            }),
            "specs" => s.specs = read_specs(value, diags),
            "region" => s.regions = list(value, name, diags, network::read_region),
            "link" => s.links = list(value, name, diags, network::read_link),
            "vpc" => s.vpcs = list(value, name, diags, network::read_vpc),
            "idc" => s.idcs = list(value, name, diags, network::read_idc),
            "physical_connection" => {
                s.physical_connections = list(value, name, diags, network::read_physical_connection)
            }
            "connection" => s.connections = list(value, name, diags, network::read_connection),
            "route" => s.routes = list(value, name, diags, network::read_route),
            "flow" => s.flows = list(value, name, diags, traffic::read_flow),
            "traffic_matrix" => {
                s.traffic_matrices = list(value, name, diags, matrix::read_traffic_matrix)
            }
            "event" => s.events = list(value, name, diags, traffic::read_event),
            other => {
                let hint = match did_you_mean(other, SECTIONS) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("sections are: {}", SECTIONS.join(", ")),
                };
                diags.error_hint(
                    key.span(),
                    other,
                    format!("unknown section `{other}`"),
                    hint,
                );
            }
        }
    }
    let _ = root_span;
    s
}

/// Reads a single table section such as [simulation].
fn single(
    value: &Spanned<DeValue<'_>>,
    name: &str,
    diags: &mut Diagnostics,
    read: impl FnOnce(&mut Fields<'_, '_>),
) {
    match value.get_ref() {
        DeValue::Table(t) => {
            let mut f = Fields::new(t, value.span(), name.to_string(), diags);
            read(&mut f);
            f.finish();
        }
        DeValue::Array(_) => {
            diags.error_hint(
                value.span(),
                name.to_string(),
                format!("[{name}] appears as a list"),
                format!("write [{name}] once, with single brackets"),
            );
        }
        other => {
            diags.error_hint(
                value.span(),
                name.to_string(),
                format!("expected a table, found {}", other.type_str()),
                format!("write a [{name}] table"),
            );
        }
    }
}

/// Reads every entry of a `[[name]]` list.
fn list<T>(
    value: &Spanned<DeValue<'_>>,
    name: &str,
    diags: &mut Diagnostics,
    read: impl Fn(&mut Fields<'_, '_>) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    for (i, table, span) in table_entries(value, name, diags) {
        let mut f = Fields::new(table, span, format!("{name}[{i}]"), diags);
        let item = read(&mut f);
        f.finish();
        out.extend(item);
    }
    out
}

fn read_specs(
    value: &Spanned<DeValue<'_>>,
    diags: &mut Diagnostics,
) -> Vec<(At<String>, Bandwidth)> {
    let DeValue::Table(t) = value.get_ref() else {
        diags.error_hint(
            value.span(),
            "specs",
            "expected a table",
            "write [specs] with lines such as \"Custom.1\" = \"3Gbps\"",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in t.iter() {
        let key = format!("specs.{}", k.get_ref());
        let parsed: Result<Bandwidth, _> =
            serde::Deserialize::deserialize(toml::de::ValueDeserializer::from(v.clone()));
        match parsed {
            Ok(b) if b.as_bps() > 0 => {
                out.push((Spanned::new(k.span(), k.get_ref().to_string()), b))
            }
            Ok(_) => diags.error_hint(
                v.span(),
                key,
                "a spec's bandwidth must be positive",
                "write e.g. \"3Gbps\"",
            ),
            Err(e) => {
                let (m, h) = reader::split_hint(e.message());
                diags.push(Severity::Error, v.span(), key, m, h);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match load_str("t.toml", "t", text) {
            Ok(_) => Vec::new(),
            Err(d) => d.items.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn empty_file_loads_with_defaults() {
        let (s, _) = load_str("t.toml", "stem", "").unwrap();
        assert_eq!(s.simulation.name, "stem");
        assert_eq!(s.simulation.replications, 30);
        assert!(s.sla.all.is_empty(), "no target written");
        assert_eq!(s.sla.required_compliance.fraction(), 0.95);
    }

    #[test]
    fn all_errors_of_a_file_are_reported_with_positions() {
        let e = errors(
            "[simulation]\nduraton = \"1s\"\nwarmup = 5\n\n[[flow]]\nname = \"f\"\nfrom = \"a\"\nto = \"b\"\nrate = \"1Gbit\"\n",
        );
        assert_eq!(e.len(), 3, "{e:#?}");
        assert!(
            e[0].starts_with("2:1: error: unknown key `duraton`")
                && e[0].contains("did you mean `duration`"),
            "{}",
            e[0]
        );
        assert!(
            e[1].starts_with("3:10: error: a bare number 5 is not a duration"),
            "{}",
            e[1]
        );
        assert!(
            e[2].starts_with("9:8: error: unknown bandwidth unit `Gbit`"),
            "{}",
            e[2]
        );
    }

    #[test]
    fn unknown_section_gets_a_suggestion() {
        let e = errors("[[vcp]]\nname = \"x\"\n");
        assert!(
            e[0].contains("unknown section `vcp`") && e[0].contains("did you mean `vpc`"),
            "{e:?}"
        );
    }

    #[test]
    fn syntax_errors_are_all_reported() {
        let e = errors("a = \nb = [1,\n");
        assert!(
            !e.is_empty() && e.iter().all(|m| m.contains("TOML syntax")),
            "{e:?}"
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let text = format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = errors(&text);
        assert!(e[0].contains("nested more than"), "{e:?}");
    }
}
