//! A design: a scenario loaded (from a file or a string) and built into a network with every
//! rule checked, all diagnostics of both stages together; for a scenario with [sweep], also
//! one network per swept value, each built from the scenario with the value written in, so
//! every rule applies to every value. A design is edited the way a sweep edits it
//! ([`Design::with_value`]) and built again, so a library user never writes TOML to try a
//! variant.

use crate::model::sweep::SweepValue;
use crate::model::{Network, build};
use crate::report::manifest::sha256_hex;
use crate::scenario::{Diagnostics, LoadOptions, Scenario, SourceFile, load_file_lenient_with};
use std::path::Path;

/// One value of a sweep, built.
#[derive(Clone)]
pub struct Point {
    /// The value as written in [sweep].
    pub label: String,
    pub value: SweepValue,
    pub network: Network,
}

/// A validated network with the scenario it came from and its warnings.
#[derive(Clone)]
pub struct Design {
    pub scenario: Scenario,
    pub network: Network,
    pub warnings: Diagnostics,
    /// SHA-256 of the scenario's content (hex): names exactly what a result was computed from.
    pub hash: String,
    /// The sweep's values, each as its own network; empty without [sweep].
    pub points: Vec<Point>,
}

/// Warns, for every flow no path can ever deliver, why (the reason `reach` gives): no
/// route, no route back, a connection never active, not transitive, a kind the product does
/// not let through.
fn undeliverable_flows(s: &Scenario, net: &Network, diags: &mut Diagnostics) {
    for (i, f) in net.flows.iter().enumerate() {
        if let Err(b) = crate::topology::choices_of(net, &f.from, &f.to, f.opener, false) {
            // A network that built has every flow of the scenario, in order.
            let key = s
                .flows
                .get(i)
                .map_or_else(|| format!("flow[{i}]"), |e| e.key(i));
            diags.warning(
                f.span.clone(),
                key,
                format!("flow \"{}\" can never be delivered: {b}", f.name),
            );
        }
    }
}

/// SHA-256 (hex) of what a result is computed from: the scenario's text, then the content of
/// every file it reads (traffic matrices, in the order it lists them, each after a NUL byte),
/// so a changed CSV is a different scenario. The files' paths are in the text as written, so
/// the hash does not depend on where the command was run from; a scenario that reads no file
/// hashes as its text alone.
pub fn content_hash(file: &SourceFile) -> String {
    let mut bytes = file.text.as_bytes().to_vec();
    for (_, text) in file.included() {
        bytes.push(0);
        bytes.extend_from_slice(text.as_bytes());
    }
    sha256_hex(&bytes)
}

/// Loads and builds a scenario file; on failure returns every problem. The model's rules are
/// checked even when loading found unknown keys (they lose no value), so a file with both
/// kinds of problem reports them together; after other load errors a value or entry may be
/// missing, rule checks would only echo that loss, and are skipped.
pub fn load_network(path: &Path) -> Result<Design, Diagnostics> {
    load_network_with(path, LoadOptions::default())
}

/// [`load_network`] with explicit [`LoadOptions`].
pub fn load_network_with(path: &Path, opts: LoadOptions) -> Result<Design, Diagnostics> {
    let (scenario, diags) = load_file_lenient_with(path, opts);
    build_design(scenario, diags)
}

/// Builds a loaded scenario (and each value of its sweep) into a design, adding the build's
/// diagnostics to the loader's.
fn build_design(scenario: Option<Scenario>, mut diags: Diagnostics) -> Result<Design, Diagnostics> {
    let Some(scenario) = scenario else {
        return Err(diags);
    };
    let (network, build_diags) = match build(&scenario) {
        Ok((n, w)) => (Some(n), w),
        Err(e) => (None, e),
    };
    diags.items.extend(build_diags.items);
    let mut points = Vec::new();
    if let Some(net) = &network
        && let Some(sweep) = &net.sweep
    {
        for (k, (label, value, _)) in sweep.values.iter().enumerate() {
            let mut edited = sweep.edit(&scenario, k);
            edited.sweep = None;
            match build(&edited) {
                Ok((n, w)) => {
                    diags.items.extend(w.items);
                    points.push(Point {
                        label: label.clone(),
                        value: value.clone(),
                        network: n,
                    });
                }
                Err(e) => diags.items.extend(e.items),
            }
        }
    }
    if let Some(net) = &network {
        undeliverable_flows(&scenario, net, &mut diags);
        for (a, b) in crate::topology::names::stream_collisions(net) {
            diags.error_hint(
                0..0,
                "",
                format!("\"{a}\" and \"{b}\" would draw the same random numbers (their names hash alike)"),
                "rename one of them",
            );
        }
    }
    diags.sort();
    match network {
        Some(network) if !diags.has_errors() => Ok(Design {
            hash: content_hash(&scenario.file),
            scenario,
            network,
            warnings: diags,
            points,
        }),
        _ => Err(diags),
    }
}

impl Design {
    /// Loads and builds the scenario file at `path`.
    pub fn load(path: &Path) -> Result<Design, super::Error> {
        load_network(path).map_err(super::Error::invalid)
    }

    /// [`Design::load`] with explicit [`LoadOptions`] (e.g. traffic matrices outside the
    /// scenario's folder).
    pub fn load_with(path: &Path, opts: LoadOptions) -> Result<Design, super::Error> {
        load_network_with(path, opts).map_err(super::Error::invalid)
    }

    /// Loads and builds a scenario given as text. `name` is the file name diagnostics show
    /// (its stem is the default scenario name); traffic matrices are read relative to its
    /// folder.
    pub fn from_text(name: &str, text: &str) -> Result<Design, super::Error> {
        let stem = Path::new(name).file_stem().map_or_else(
            || "scenario".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        let (scenario, diags) =
            crate::scenario::load_text_lenient(name, &stem, text, LoadOptions::default());
        build_design(scenario, diags).map_err(super::Error::invalid)
    }

    /// The scenario's name (`[simulation] name`, or the file's stem).
    pub fn name(&self) -> &str {
        &self.network.name
    }

    /// Whether the scenario has a [sweep]: `run` then runs one Monte Carlo per value.
    pub fn has_sweep(&self) -> bool {
        !self.points.is_empty()
    }

    /// The files the design was read from: the scenario and every traffic matrix.
    pub fn inputs(&self) -> Vec<std::path::PathBuf> {
        let file = &self.scenario.file;
        std::iter::once(file.name.as_str())
            .chain(file.included().map(|(name, _)| name))
            .map(std::path::PathBuf::from)
            .collect()
    }

    /// The reachability matrix: every ordered pair of resources in different networks, with
    /// the path and one-way delay, or exactly why not.
    pub fn reach(&self) -> Vec<crate::topology::reach::ReachRecord> {
        crate::topology::reach::reach(&self.network)
            .into_iter()
            .map(Into::into)
            .collect()
    }

    /// The design with one parameter set, in the grammar of a sweep: `parameter` is a path
    /// such as `connection.hz-bj.spec`, `flow.db-sync.rate` or `link.A/B.mtbf`, `value` as a
    /// [sweep] value would be written (`"Large.2"`, `"400Mbps"`, `"90d"`). The edited scenario
    /// is built again, so every rule is checked against the new value.
    pub fn with_value(&self, parameter: &str, value: &str) -> Result<Design, super::Error> {
        let edited = self.edit(parameter, &[value], |sweep, scenario| {
            sweep.edit(scenario, 0)
        })?;
        let mut edited = edited;
        edited.file = self.scenario.file.clone();
        let diags = Diagnostics::new(self.scenario.file.clone());
        let mut design = build_design(Some(edited), diags).map_err(super::Error::invalid)?;
        design.hash =
            sha256_hex(format!("{}\0with_value\0{parameter}\0{value}", self.hash).as_bytes());
        Ok(design)
    }

    /// The design with a [sweep] of `parameter` over `values` (replacing any sweep it had):
    /// each value is built as its own network, every rule checked.
    pub fn with_sweep(&self, parameter: &str, values: &[&str]) -> Result<Design, super::Error> {
        let section = sweep_section(parameter, values);
        let mut scenario = self.scenario.clone();
        scenario.sweep = Some(section);
        let diags = Diagnostics::new(self.scenario.file.clone());
        let mut design = build_design(Some(scenario), diags).map_err(super::Error::invalid)?;
        design.hash = sha256_hex(
            format!(
                "{}\0with_sweep\0{parameter}\0{}",
                self.hash,
                values.join("\0")
            )
            .as_bytes(),
        );
        Ok(design)
    }

    /// Resolves a one-parameter sweep over `values` against the built network and applies
    /// `apply` to the scenario: the scenario edited, or every problem of the path and values.
    fn edit(
        &self,
        parameter: &str,
        values: &[&str],
        apply: impl Fn(&crate::model::sweep::SweptParameter, &Scenario) -> Scenario,
    ) -> Result<Scenario, super::Error> {
        let section = sweep_section(parameter, values);
        let mut diags = Diagnostics::new(self.scenario.file.clone());
        let resolved = crate::model::sweep::resolve(
            &section,
            &self.network,
            &self.scenario.traffic_matrices,
            &mut diags,
        );
        match resolved {
            Some(sweep) if !diags.has_errors() => {
                let mut s = apply(&sweep, &self.scenario);
                s.sweep = None;
                Ok(s)
            }
            _ => Err(super::Error::invalid(diags)),
        }
    }
}

/// A [sweep] section as written by a program: no place in any file.
fn sweep_section(parameter: &str, values: &[&str]) -> crate::scenario::SweepSection {
    use serde_spanned::Spanned;
    crate::scenario::SweepSection {
        parameter: Spanned::new(0..0, parameter.to_string()),
        values: values
            .iter()
            .map(|v| Spanned::new(0..0, v.to_string()))
            .collect(),
    }
}
