"""The Python package gives what the command line writes: for the quickstart, ``.summary`` is
the parsed summary.json of ``vpcsim run`` with the same seed and replications, ``.flows`` and
``.connections`` equal ``pandas.read_csv`` of its CSVs; invalid scenarios raise with line
numbers; a sweep, N-1 and comparison answer as the command line does.

The command line is the release binary of this checkout (built by ``cargo build --release``
before the tests run; ``VPCSIM_BIN`` names another one)."""

import json
import os
import pathlib
import subprocess

import pandas
import pandas.testing
import pytest

import vpcsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
QUICKSTART = ROOT / "scenarios" / "quickstart.toml"
BIN = os.environ.get("VPCSIM_BIN", str(ROOT / "target" / "release" / "vpcsim"))
REPLICATIONS, SEED = 3, 7


def cli(*args, cwd=ROOT):
    return subprocess.run([BIN, *map(str, args)], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def quickstart_cli(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "quickstart"
    done = cli("run", QUICKSTART, "--replications", REPLICATIONS, "--seed", SEED, "--out", out)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def quickstart_py():
    return vpcsim.load(QUICKSTART).run(replications=REPLICATIONS, seed=SEED)


def test_summary_is_the_clis_summary_json(quickstart_cli, quickstart_py):
    expected = json.loads((quickstart_cli / "summary.json").read_text())
    assert quickstart_py.summary == expected
    assert quickstart_py.verdict == expected["verdict"] == "pass"


@pytest.mark.parametrize("table", ["flows", "connections", "timeseries", "delay_hist"])
def test_tables_are_the_clis_csvs(quickstart_cli, quickstart_py, table):
    expected = pandas.read_csv(quickstart_cli / f"{table}.csv")
    got = getattr(quickstart_py, table)
    assert len(got) > 0
    pandas.testing.assert_frame_equal(got, expected)


def test_writing_gives_the_clis_folder_byte_for_byte(quickstart_cli, quickstart_py, tmp_path):
    out = tmp_path / "written"
    quickstart_py.write(out)
    for name in ["summary.json", "flows.csv", "connections.csv", "timeseries.csv",
                 "delay_hist.csv", "delay_cdf.svg", "report.html"]:
        assert (out / name).read_bytes() == (quickstart_cli / name).read_bytes(), name
    # The folder is a sealed vpcsim result: the command line accepts it.
    assert cli("plot", out).returncode == 0


def test_an_invalid_scenario_raises_with_every_problem_located(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[simulation]\nduration = 10\n\n[[vpc]]\nname = "a"\nregoin = "cn-hangzhou"\n'
        'cidr = ["10.0.0.0/16"]\n'
    )
    with pytest.raises(vpcsim.ScenarioError) as e:
        vpcsim.load(bad)
    found = {(d["key"], d["line"], d["column"]) for d in e.value.diagnostics}
    assert ("simulation.duration", 2, 12) in found, e.value.diagnostics
    assert any(d["key"] == "vpc[0].regoin" and d["line"] == 6 for d in e.value.diagnostics)
    assert all({"file", "line", "column", "key", "message"} <= d.keys() for d in e.value.diagnostics)
    assert "bad.toml:2:12" in str(e.value)


def test_with_value_builds_the_edited_design_and_checks_it():
    q = vpcsim.load(QUICKSTART)
    small = q.with_value("connection.hz-sh.spec", "Mini.2")
    assert small.run(replications=2, seed=SEED).verdict == "fail"
    with pytest.raises(vpcsim.ScenarioError) as e:
        q.with_value("connection.hz-sh.spec", "Huge.9")
    assert "unknown router interface spec" in str(e.value)


def test_a_sweep_gives_sweep_csv_and_the_answer():
    q = vpcsim.load(QUICKSTART)
    s = q.sweep("connection.hz-sh.spec", ["Middle.2", "Large.1"], replications=2, seed=SEED)
    table = s.table
    assert set(table["value"]) == {"Middle.2", "Large.1"}
    assert {"value", "x", "metric", "mean", "compliance", "met"} <= set(table.columns)
    assert s.answer["kind"] == "capacity"
    assert s.answer["smallest"] == "Large.1"


def test_reach_and_n1_are_tables():
    q = vpcsim.load(QUICKSTART)
    r = q.reach()
    assert {"from", "to", "reachable", "one_way_ms", "reason"} <= set(r.columns)
    assert r["reachable"].any()
    n1 = q.n1(replications=1, seed=SEED)
    assert {"case", "flow", "verdict", "reachable"} <= set(n1.table.columns)
    assert "none" in set(n1.table["case"])


def test_compare_names_the_regression_of_a_smaller_spec():
    q = vpcsim.load(QUICKSTART)
    c = vpcsim.compare(q, q.with_value("connection.hz-sh.spec", "Mini.2"), replications=2, seed=SEED)
    assert c.regressions, c.summary
    assert any("db-replication" in r for r in c.regressions)


def test_progress_is_reported_per_replication():
    seen = []
    vpcsim.load(QUICKSTART).run(replications=3, seed=SEED, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3, 3)
    assert [d for d, _ in seen] == [1, 2, 3]
