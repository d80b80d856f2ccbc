//! `vpcsim._native`: the study layer of vpcsim for Python. Results cross as the very bytes
//! vpcsim writes to files (summary.json, the CSV tables), so the pure-Python package above it
//! (`vpcsim/__init__.py`) hands researchers exactly what `pandas.read_csv` and `json.load`
//! would read from the command line's folders. Simulations run with the interpreter detached,
//! so other Python threads go on meanwhile.

use pyo3::exceptions::{PyException, PyOSError, PyValueError};
use pyo3::prelude::*;
use std::path::PathBuf;
use vpcsim::report::outdir::Guard;
use vpcsim::report::tables::{delay_hist_csv, table_csv};
use vpcsim::study::{self, Design, Observer};

pyo3::create_exception!(
    _native,
    NativeScenarioError,
    PyException,
    "A scenario that breaks the format or a rule; args: (message, diagnostics as JSON)."
);

/// The diagnostics of an invalid scenario as JSON: file, line, column, key, message, hint,
/// severity.
fn diagnostics_json(d: &vpcsim::scenario::Diagnostics) -> String {
    let items: Vec<serde_json::Value> = d
        .items
        .iter()
        .map(|i| {
            serde_json::json!({
                "file": i.file.clone().unwrap_or_else(|| d.file.name.clone()),
                "line": i.line,
                "column": i.column,
                "key": i.key,
                "message": i.message,
                "hint": i.hint,
                "severity": match i.severity {
                    vpcsim::scenario::Severity::Error => "error",
                    vpcsim::scenario::Severity::Warning => "warning",
                },
            })
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}

/// A study error as the Python exception a caller expects.
fn to_py(e: study::Error) -> PyErr {
    match &e {
        study::Error::Invalid(d) | study::Error::Limit(d) => {
            NativeScenarioError::new_err((d.render(), diagnostics_json(d)))
        }
        study::Error::Usage(m) | study::Error::Input(m) => PyValueError::new_err(m.clone()),
        study::Error::Write(m) => PyOSError::new_err(m.clone()),
    }
}

fn text(bytes: Result<Vec<u8>, String>) -> PyResult<String> {
    let bytes = bytes.map_err(PyOSError::new_err)?;
    String::from_utf8(bytes).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn json(value: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Tells a Python callable how far a study has come: `callback(done, total)` after each
/// replication, in replications.
struct Callback {
    callback: Option<Py<PyAny>>,
    total: std::sync::atomic::AtomicU64,
    done: std::sync::atomic::AtomicU64,
}

impl Callback {
    fn new(callback: Option<Py<PyAny>>) -> Callback {
        Callback {
            callback,
            total: 0.into(),
            done: 0.into(),
        }
    }
}

impl Observer for Callback {
    fn started(&self, experiments: &[&str], replications: u64) {
        self.total.fetch_add(
            replications * experiments.len() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
    }

    fn finished(&self, _experiment: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        let done = self.done.fetch_add(1, Relaxed) + 1;
        if let Some(cb) = &self.callback {
            let total = self.total.load(Relaxed);
            // A failing callback must not stop the simulation; its error is shown by Python.
            Python::attach(|py| {
                if let Err(e) = cb.call1(py, (done, total)) {
                    e.print(py);
                }
            });
        }
    }
}

/// A design: a scenario loaded and built, every rule checked.
#[pyclass(name = "Design", module = "vpcsim._native", frozen)]
struct PyDesign {
    inner: Design,
}

fn guard(design: Option<&Design>, force: bool) -> Guard {
    Guard {
        force,
        inputs: design.map(Design::inputs).unwrap_or_default(),
    }
}

#[pymethods]
impl PyDesign {
    /// Loads and builds the scenario file at `path`.
    #[staticmethod]
    #[pyo3(signature = (path, allow_outside_paths = false))]
    fn load(path: PathBuf, allow_outside_paths: bool) -> PyResult<Self> {
        let opts = vpcsim::scenario::LoadOptions {
            allow_outside_paths,
        };
        Design::load_with(&path, opts)
            .map(|inner| PyDesign { inner })
            .map_err(to_py)
    }

    /// Loads and builds a scenario given as text; `name` is shown in diagnostics.
    #[staticmethod]
    fn from_text(name: &str, text: &str) -> PyResult<Self> {
        Design::from_text(name, text)
            .map(|inner| PyDesign { inner })
            .map_err(to_py)
    }

    /// The scenario's name.
    #[getter]
    fn name(&self) -> String {
        self.inner.name().to_string()
    }

    /// Whether the scenario has a [sweep].
    #[getter]
    fn has_sweep(&self) -> bool {
        self.inner.has_sweep()
    }

    /// SHA-256 of what results of this design are computed from.
    #[getter]
    fn hash(&self) -> String {
        self.inner.hash.clone()
    }

    /// The warnings of loading and building, as JSON.
    fn warnings_json(&self) -> String {
        diagnostics_json(&self.inner.warnings)
    }

    /// The design with `parameter` (a sweep path) set to `value`, every rule checked again.
    fn with_value(&self, parameter: &str, value: &str) -> PyResult<Self> {
        self.inner
            .with_value(parameter, value)
            .map(|inner| PyDesign { inner })
            .map_err(to_py)
    }

    /// The design with a [sweep] of `parameter` over `values`.
    fn with_sweep(&self, parameter: &str, values: Vec<String>) -> PyResult<Self> {
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        self.inner
            .with_sweep(parameter, &values)
            .map(|inner| PyDesign { inner })
            .map_err(to_py)
    }

    /// Simulates the design, keeping every row.
    #[pyo3(signature = (replications = None, seed = None, threads = 0, progress = None))]
    fn run(
        &self,
        py: Python<'_>,
        replications: Option<u32>,
        seed: Option<u64>,
        threads: usize,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<PyRun> {
        let mut run = study::Run::new(&self.inner);
        run.replications = replications;
        run.seed = seed;
        run.threads = threads;
        let observer = Callback::new(progress);
        let result = py.detach(|| run.execute(&observer)).map_err(to_py)?;
        Ok(PyRun {
            inner: result,
            design: self.inner.clone(),
        })
    }

    /// Runs the design's [sweep], keeping every row.
    #[pyo3(signature = (replications = None, seed = None, threads = 0, progress = None))]
    fn sweep(
        &self,
        py: Python<'_>,
        replications: Option<u32>,
        seed: Option<u64>,
        threads: usize,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<PySweep> {
        let mut sweep = study::SweepStudy::new(&self.inner);
        sweep.replications = replications;
        sweep.seed = seed;
        sweep.threads = threads;
        let observer = Callback::new(progress);
        let result = py.detach(|| sweep.execute(&observer)).map_err(to_py)?;
        Ok(PySweep {
            inner: result,
            design: self.inner.clone(),
        })
    }

    /// Runs the N-1 analysis of the design.
    #[pyo3(signature = (replications = None, seed = None, threads = 0, progress = None))]
    fn n1(
        &self,
        py: Python<'_>,
        replications: Option<u32>,
        seed: Option<u64>,
        threads: usize,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<PyN1> {
        let mut n1 = study::N1::new(&self.inner);
        n1.replications = replications;
        n1.seed = seed;
        n1.threads = threads;
        let observer = Callback::new(progress);
        let result = py.detach(|| n1.execute(&observer)).map_err(to_py)?;
        Ok(PyN1 {
            inner: result,
            design: self.inner.clone(),
        })
    }

    /// The reachability matrix as CSV: from, to, reachable, connection, one_way_ms, path,
    /// backups, reason.
    fn reach_csv(&self, py: Python<'_>) -> PyResult<String> {
        let rows = py.detach(|| self.inner.reach());
        text(table_csv(
            &[
                "from",
                "to",
                "reachable",
                "connection",
                "one_way_ms",
                "path",
                "backups",
                "reason",
            ],
            &rows,
        ))
    }
}

/// A run's result, rows in memory.
#[pyclass(name = "Run", module = "vpcsim._native", frozen)]
struct PyRun {
    inner: study::RunResult,
    design: Design,
}

impl PyRun {
    fn tables(&self) -> PyResult<&vpcsim::sla::record::Tables> {
        self.inner
            .tables
            .as_ref()
            .ok_or_else(|| PyValueError::new_err("the rows of this run were not kept"))
    }
}

#[pymethods]
impl PyRun {
    /// "pass", "fail", "inconclusive" or "not_measured".
    #[getter]
    fn verdict(&self) -> &'static str {
        self.inner.verdict().as_str()
    }

    /// summary.json.
    fn summary_json(&self) -> PyResult<String> {
        json(&self.inner.summary)
    }

    /// flows.csv.
    fn flows_csv(&self) -> PyResult<String> {
        text(self.tables()?.flows_csv())
    }

    /// connections.csv.
    fn connections_csv(&self) -> PyResult<String> {
        text(self.tables()?.connections_csv())
    }

    /// timeseries.csv.
    fn timeseries_csv(&self) -> PyResult<String> {
        text(self.tables()?.timeseries_csv())
    }

    /// delay_hist.csv.
    fn delay_hist_csv(&self) -> PyResult<String> {
        text(delay_hist_csv(&self.inner.delays))
    }

    /// Writes the result folder the command line writes (tables, summary, plots, report,
    /// manifest) to `path`; an existing folder is replaced only if it is an earlier vpcsim
    /// result or empty, or with `force`.
    #[pyo3(signature = (path, force = false))]
    fn write(&self, py: Python<'_>, path: PathBuf, force: bool) -> PyResult<()> {
        let guard = guard(Some(&self.design), force);
        py.detach(|| self.inner.write(&path, &guard)).map_err(to_py)
    }
}

/// A sweep's result, rows in memory.
#[pyclass(name = "Sweep", module = "vpcsim._native", frozen)]
struct PySweep {
    inner: study::SweepResult,
    design: Design,
}

#[pymethods]
impl PySweep {
    /// summary.json of the sweep.
    fn summary_json(&self) -> PyResult<String> {
        json(&self.inner.summary)
    }

    /// sweep.csv.
    fn table_csv(&self) -> PyResult<String> {
        text(vpcsim::report::tables::to_csv(&self.inner.table, &[]).map_err(|e| e.to_string()))
    }

    /// The answer as JSON: {"kind": "capacity" | "headroom", ...} or null.
    fn answer_json(&self) -> PyResult<String> {
        let v = match self.inner.answer() {
            study::Answer::Capacity(c) => {
                let mut v =
                    serde_json::to_value(c).map_err(|e| PyValueError::new_err(e.to_string()))?;
                v["kind"] = "capacity".into();
                v
            }
            study::Answer::Headroom(h) => {
                let mut v =
                    serde_json::to_value(h).map_err(|e| PyValueError::new_err(e.to_string()))?;
                v["kind"] = "headroom".into();
                v
            }
            study::Answer::None => serde_json::Value::Null,
        };
        Ok(v.to_string())
    }

    /// Writes the sweep's result folder to `path`.
    #[pyo3(signature = (path, force = false))]
    fn write(&self, py: Python<'_>, path: PathBuf, force: bool) -> PyResult<()> {
        let guard = guard(Some(&self.design), force);
        py.detach(|| self.inner.write(&self.design, &path, &guard))
            .map_err(to_py)
    }
}

/// An N-1 analysis' result.
#[pyclass(name = "N1", module = "vpcsim._native", frozen)]
struct PyN1 {
    inner: study::N1Result,
    design: Design,
}

#[pymethods]
impl PyN1 {
    /// summary.json of the analysis.
    fn summary_json(&self) -> PyResult<String> {
        json(&self.inner.summary)
    }

    /// n1.csv.
    fn table_csv(&self) -> PyResult<String> {
        text(vpcsim::report::tables::to_csv(&self.inner.rows, &[]).map_err(|e| e.to_string()))
    }

    /// Writes the analysis' result folder to `path`.
    #[pyo3(signature = (path, force = false))]
    fn write(&self, py: Python<'_>, path: PathBuf, force: bool) -> PyResult<()> {
        let guard = guard(Some(&self.design), force);
        py.detach(|| self.inner.write(&self.design, &path, &guard))
            .map_err(to_py)
    }
}

/// Compares design B against design A (both run here with one seed and replication count);
/// returns compare.json.
#[pyfunction]
#[pyo3(signature = (a, b, replications = None, seed = None, threads = 0, tolerance = Vec::new()))]
fn compare(
    py: Python<'_>,
    a: &PyDesign,
    b: &PyDesign,
    replications: Option<u32>,
    seed: Option<u64>,
    threads: usize,
    tolerance: Vec<String>,
) -> PyResult<String> {
    fn side(d: &PyDesign) -> study::Side<'_> {
        study::Side::Design {
            path: PathBuf::from(&d.inner.scenario.file.name),
            design: &d.inner,
        }
    }
    let mut c = study::Compare::new(side(a), side(b));
    c.replications = replications;
    c.seed = seed;
    c.threads = threads;
    for t in &tolerance {
        c.tolerance.apply(t).map_err(PyValueError::new_err)?;
    }
    let result = py.detach(|| c.execute(&())).map_err(to_py)?;
    json(&result.comparison)
}

/// The module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDesign>()?;
    m.add_class::<PyRun>()?;
    m.add_class::<PySweep>()?;
    m.add_class::<PyN1>()?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add(
        "NativeScenarioError",
        m.py().get_type::<NativeScenarioError>(),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
