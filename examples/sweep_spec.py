# %% [markdown]
# # Which Express Connect spec does the quickstart need?
#
# A notebook-style script (cells marked `# %%`, as Jupyter and VS Code read them): sweep the
# router interface spec of the quickstart's cross-region connection, look at the tidy table,
# and plot each flow's loss and jitter against the spec's bandwidth.
#
#     pip install ./python matplotlib
#     python examples/sweep_spec.py            # writes output/sweep_spec.png

# %%
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import vpcsim

root = pathlib.Path(__file__).resolve().parents[1]
design = vpcsim.load(root / "scenarios" / "quickstart.toml")
specs = ["Small.5", "Middle.1", "Middle.2", "Middle.5", "Large.1", "Large.2"]
sweep = design.sweep("connection.hz-sh.spec", specs, replications=4, seed=7)

# %% One row per spec × flow × metric: mean, 95% interval, target, compliance.
table = sweep.table
flows = table[(table["kind"] == "flow") & table["metric"].isin(["loss", "jitter"])]
print(flows.pivot_table(index="value", columns=["metric", "name"], values="mean", sort=False))
print("answer:", sweep.answer)

# %% Loss and jitter against the spec's bandwidth, targets dashed.
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for ax, metric in zip(axes, ["loss", "jitter"]):
    rows = flows[flows["metric"] == metric]
    for name, g in rows.groupby("name"):
        ax.errorbar(g["x"], g["mean"] * 100,
                    yerr=[(g["mean"] - g["ci95_lo"]) * 100, (g["ci95_hi"] - g["mean"]) * 100],
                    marker="o", capsize=3, label=name)
    ax.axhline(rows["target"].iloc[0] * 100, linestyle="--", color="grey", label="target")
    ax.set_xscale("log")
    if metric == "loss":
        # Loss spans 0.001% to 90%: a log scale near zero shows the 0.2% target.
        ax.set_yscale("symlog", linthresh=0.001)
        ax.set_ylim(bottom=0)
    ax.set_xlabel("spec bandwidth (Mbps)")
    ax.set_ylabel(f"{metric} (%)")
    ax.set_title(metric)
    ax.legend()
answer = sweep.answer
fig.suptitle(f"smallest spec meeting every target: {answer['smallest']}" if answer else
             "no spec meets every target")
fig.tight_layout()
out = root / "output" / "sweep_spec.png"
out.parent.mkdir(exist_ok=True)
fig.savefig(out, dpi=100)
print("plot:", out)
