"""vpcsim for Python: load a private-cloud interconnection design, run it, sweep a
parameter, analyse single failures, compare two designs, and get the results as pandas
DataFrames and plain dicts.

    >>> import vpcsim
    >>> design = vpcsim.load("scenarios/quickstart.toml")
    >>> result = design.run(replications=4, seed=1)
    >>> result.verdict
    'pass'
    >>> result.flows.groupby("flow")["loss"].mean()

Every table is exactly what ``pandas.read_csv`` reads from the file the command line writes
(flows.csv, connections.csv, sweep.csv, ...), and every summary is exactly the parsed
summary.json, for the same scenario, seed and replications. Simulations run outside the
interpreter lock, on every core by default.
"""

from __future__ import annotations

import io
import json
import os
from typing import Callable, Iterable, Optional, Sequence, Union

import pandas

from . import _native

__all__ = [
    "ScenarioError",
    "Scenario",
    "RunResult",
    "SweepResult",
    "N1Result",
    "Comparison",
    "load",
    "loads",
    "compare",
]

__version__ = _native.__version__

Progress = Optional[Callable[[int, int], None]]
PathLike = Union[str, "os.PathLike[str]"]


class ScenarioError(ValueError):
    """A scenario that breaks the format or a product rule (or a run that would exceed a
    limit). ``str(error)`` is every problem with its source line; ``diagnostics`` is a list of
    dicts with ``file``, ``line``, ``column``, ``key``, ``message``, ``hint`` and
    ``severity``."""

    def __init__(self, message: str, diagnostics: list):
        super().__init__(message)
        self.diagnostics = diagnostics


def _native_call(f, *args, **kwargs):
    """Calls into the native module, turning its scenario errors into ScenarioError."""
    try:
        return f(*args, **kwargs)
    except _native.NativeScenarioError as e:
        message, diagnostics = e.args
        raise ScenarioError(message, json.loads(diagnostics)) from None


def _frame(csv_text: str) -> pandas.DataFrame:
    return pandas.read_csv(io.StringIO(csv_text))


def load(path: PathLike, allow_outside_paths: bool = False) -> "Scenario":
    """Loads and builds the scenario file at ``path``, checking every rule.

    Raises ScenarioError with every problem found."""
    return Scenario(
        _native_call(_native.Design.load, os.fspath(path), allow_outside_paths)
    )


def loads(text: str, name: str = "scenario.toml") -> "Scenario":
    """Loads and builds a scenario given as TOML text; ``name`` is the file name shown in
    diagnostics (its stem is the default scenario name)."""
    return Scenario(_native_call(_native.Design.from_text, name, text))


class Scenario:
    """A design: a scenario loaded and built, every rule checked. Immutable: ``with_value``
    returns a new one."""

    def __init__(self, native):
        self._native = native

    def __repr__(self) -> str:
        return f"<vpcsim.Scenario {self.name!r}>"

    @property
    def name(self) -> str:
        """The scenario's name ([simulation] name, or the file's stem)."""
        return self._native.name

    @property
    def has_sweep(self) -> bool:
        """Whether the scenario has a [sweep]."""
        return self._native.has_sweep

    @property
    def warnings(self) -> list:
        """The warnings of loading and building, as dicts like ScenarioError.diagnostics."""
        return json.loads(self._native.warnings_json())

    def with_value(self, key: str, value: Union[str, int, float]) -> "Scenario":
        """The design with one parameter set, in the grammar of a sweep:
        ``with_value("connection.hz-bj.spec", "Large.2")``,
        ``with_value("flow.db-sync.rate", "400Mbps")``. Every rule is checked again."""
        return Scenario(_native_call(self._native.with_value, key, str(value)))

    def run(
        self,
        replications: Optional[int] = None,
        seed: Optional[int] = None,
        threads: int = 0,
        progress: Progress = None,
    ) -> "RunResult":
        """Simulates the design: ``replications`` and ``seed`` default to the scenario's,
        ``threads=0`` uses every core (results do not depend on it). ``progress``, if given,
        is called as ``progress(done, total)`` after each replication."""
        return RunResult(
            _native_call(self._native.run, replications, seed, threads, progress)
        )

    def sweep(
        self,
        key: Optional[str] = None,
        values: Optional[Iterable[Union[str, int, float]]] = None,
        replications: Optional[int] = None,
        seed: Optional[int] = None,
        threads: int = 0,
        progress: Progress = None,
    ) -> "SweepResult":
        """Runs one Monte Carlo per value of ``key`` (a sweep path such as
        ``connection.hz-bj.spec``), or the scenario's own [sweep] when ``key`` is None."""
        native = self._native
        if key is not None:
            if values is None:
                raise ValueError("a sweep of a key needs values")
            native = _native_call(native.with_sweep, key, [str(v) for v in values])
        return SweepResult(
            _native_call(native.sweep, replications, seed, threads, progress)
        )

    def n1(
        self,
        replications: Optional[int] = None,
        seed: Optional[int] = None,
        threads: int = 0,
        progress: Progress = None,
    ) -> "N1Result":
        """Fails every single element (backbone link, leased line, VBR, connection) in turn
        and judges every flow."""
        return N1Result(
            _native_call(self._native.n1, replications, seed, threads, progress)
        )

    def reach(self) -> pandas.DataFrame:
        """The reachability matrix: one row per ordered pair of resources in different
        networks with ``from, to, reachable, connection, one_way_ms, path, backups,
        reason``."""
        return _frame(_native_call(self._native.reach_csv))


class RunResult:
    """What a run found: ``verdict``, ``summary`` (summary.json as a dict), and the tables
    ``flows``, ``connections``, ``timeseries`` and ``delay_hist`` as DataFrames."""

    def __init__(self, native):
        self._native = native
        self._summary = None

    def __repr__(self) -> str:
        return f"<vpcsim.RunResult {self.verdict}>"

    @property
    def verdict(self) -> str:
        """'pass', 'fail', 'inconclusive' or 'not_measured'."""
        return self._native.verdict

    @property
    def summary(self) -> dict:
        """summary.json: every flow's and connection's verdict and figures, the cost."""
        if self._summary is None:
            self._summary = json.loads(self._native.summary_json())
        return self._summary

    @property
    def flows(self) -> pandas.DataFrame:
        """flows.csv: one row per replication × flow."""
        return _frame(self._native.flows_csv())

    @property
    def connections(self) -> pandas.DataFrame:
        """connections.csv: one row per replication × connection × direction."""
        return _frame(self._native.connections_csv())

    @property
    def timeseries(self) -> pandas.DataFrame:
        """timeseries.csv: sampled utilization and queue of every link."""
        return _frame(self._native.timeseries_csv())

    @property
    def delay_hist(self) -> pandas.DataFrame:
        """delay_hist.csv: each flow's one-way delay distribution."""
        return _frame(self._native.delay_hist_csv())

    def write(self, path: PathLike, force: bool = False) -> None:
        """Writes the folder the command line writes (tables, summary.json, plots,
        report.html, manifest). An existing folder is replaced only if it is an earlier
        vpcsim result or empty, or with ``force``."""
        _native_call(self._native.write, os.fspath(path), force)


class SweepResult:
    """What a sweep found: ``table`` (sweep.csv), ``answer`` (the smallest value meeting every
    target, or the largest load carried, as a dict; None without one) and ``summary``."""

    def __init__(self, native):
        self._native = native

    @property
    def summary(self) -> dict:
        return json.loads(self._native.summary_json())

    @property
    def table(self) -> pandas.DataFrame:
        """sweep.csv: one row per value × flow or connection × metric."""
        return _frame(self._native.table_csv())

    @property
    def answer(self) -> Optional[dict]:
        """{"kind": "capacity", "smallest": ..., "bandwidth_mbps": ..., "cost_per_day": ...},
        {"kind": "headroom", "largest": ..., "first_failing": ...}, or None."""
        return json.loads(self._native.answer_json())

    def write(self, path: PathLike, force: bool = False) -> None:
        """Writes the sweep's result folder, each value's run under sweep/."""
        _native_call(self._native.write, os.fspath(path), force)


class N1Result:
    """What an N-1 analysis found: ``table`` (n1.csv) and ``summary``."""

    def __init__(self, native):
        self._native = native

    @property
    def summary(self) -> dict:
        return json.loads(self._native.summary_json())

    @property
    def table(self) -> pandas.DataFrame:
        """n1.csv: one row per case × flow."""
        return _frame(self._native.table_csv())

    @property
    def verdict(self) -> str:
        return self.summary["verdict"]

    def write(self, path: PathLike, force: bool = False) -> None:
        """Writes the analysis' result folder."""
        _native_call(self._native.write, os.fspath(path), force)


class Comparison:
    """Design B against design A: ``regressions`` (what makes B worse), ``improvements``,
    ``answer`` (a sentence to paste), and ``summary`` (compare.json as a dict)."""

    def __init__(self, summary: dict):
        self.summary = summary

    @property
    def regressions(self) -> list:
        return self.summary["regressions"]

    @property
    def improvements(self) -> list:
        return self.summary["improvements"]

    @property
    def answer(self) -> str:
        return self.summary["answer"]

    def __repr__(self) -> str:
        return f"<vpcsim.Comparison {len(self.regressions)} regressions>"


def compare(
    a: Scenario,
    b: Scenario,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    threads: int = 0,
    tolerance: Sequence[str] = (),
) -> Comparison:
    """Runs both designs with one seed and replication count and compares B against A, as
    ``vpcsim compare`` does. ``tolerance`` items are those of ``--tolerance`` (``"2%"``,
    ``"loss=0.0001"``)."""
    return Comparison(
        json.loads(
            _native_call(
                _native.compare, a._native, b._native, replications, seed, threads,
                list(tolerance),
            )
        )
    )
