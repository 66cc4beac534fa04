"""`boxwalk compare`: groups of runs side by side: % mastered curves (mean +- s.e.), a table of final % mastered
and Welch t-tests against a reference group (TeachMyAgent compares every teacher with Random this way)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.logs import read_jsonl
from boxwalk.experiments.plotting import pyplot


@dataclass
class GroupResult:
    label: str
    runs: list[Path]
    steps: np.ndarray  # evaluation steps shared by every run of the group
    mastered: np.ndarray  # (runs, steps)
    mean_return: np.ndarray  # (runs, steps)

    @property
    def final(self) -> np.ndarray:
        return self.mastered[:, -1]


@dataclass
class Comparison:
    groups: list[GroupResult]
    reference: str | None
    p_values: dict[str, float]
    table: str
    plot: Path
    markdown: Path


def find_runs(paths: Sequence[str | Path]) -> list[Path]:
    """Run folders: each path itself when it holds config.json, else its sub-folders that do."""
    runs: list[Path] = []
    for p in map(Path, paths):
        if (p / "config.json").is_file():
            runs.append(p)
        elif p.is_dir():
            runs.extend(sorted(c.parent for c in p.glob("*/config.json")))
        else:
            raise FileNotFoundError(f"{p} is not a run folder")
    if not runs:
        raise ValueError(f"no runs (folders with config.json) under {', '.join(map(str, paths))}")
    return runs


def _group(runs: list[Path], group_by: Sequence[str]) -> dict[str, list[Path]]:
    fields = set(TrainConfig.__dataclass_fields__)
    bad = [f for f in group_by if f not in fields]
    if bad:
        raise ValueError(f"unknown --group-by field(s) {bad}; valid: {sorted(fields)}")
    groups: dict[str, list[Path]] = {}
    for run in runs:
        config = TrainConfig.load(run / "config.json").to_dict()
        label = "/".join(str(config[f]) for f in group_by)
        groups.setdefault(label, []).append(run)
    return groups


def _load_group(label: str, runs: list[Path]) -> GroupResult:
    evals = []
    for run in runs:
        rows = read_jsonl(run / "eval.jsonl")
        if not rows:
            raise ValueError(f"run {run} has no evaluation yet")
        evals.append({r["steps"]: r for r in rows})
    steps = sorted(set.intersection(*(set(e) for e in evals)))
    if not steps:
        raise ValueError(f"the runs of group {label!r} share no evaluation step")
    mastered = np.array([[e[s]["mastered"] for s in steps] for e in evals])
    returns = np.array([[e[s]["mean_return"] for s in steps] for e in evals])
    return GroupResult(label, runs, np.array(steps), mastered, returns)


def welch_p(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided Welch t-test p-value (nan when either side has < 2 runs or both are constant)."""
    from scipy import stats

    if len(a) < 2 or len(b) < 2 or (np.ptp(a) == 0 and np.ptp(b) == 0):
        return float("nan")
    return float(stats.ttest_ind(a, b, equal_var=False).pvalue)


def _sem(x: np.ndarray) -> np.ndarray:
    return x.std(axis=0, ddof=1) / math.sqrt(x.shape[0]) if x.shape[0] > 1 else np.zeros(x.shape[1])


def compare(paths: Sequence[str | Path], *, out: str | Path = "runs/compare", group_by: Sequence[str] = ("teacher",),
            reference: str | None = None) -> Comparison:
    """Compares the runs under ``paths`` grouped by config fields; writes compare.png and compare.md to ``out``."""
    groups = [_load_group(label, runs) for label, runs in _group(find_runs(paths), group_by).items()]
    labels = [g.label for g in groups]
    if reference is not None and reference not in labels:
        raise ValueError(f"reference group {reference!r} not found; groups: {labels}")
    if reference is None:
        reference = "random" if "random" in labels else labels[0]
    ref = groups[labels.index(reference)]
    p_values = {g.label: welch_p(g.final, ref.final) for g in groups if g.label != reference}

    header = ["group", "runs", "final step", "final % mastered (mean ± s.e.)", "mean test return", f"p vs {reference}"]
    rows = []
    for g in groups:
        p = p_values.get(g.label)
        rows.append([
            g.label, str(len(g.runs)), f"{g.steps[-1]:,}", f"{g.final.mean():.1f} ± {_sem(g.mastered)[-1]:.1f}",
            f"{g.mean_return[:, -1].mean():.1f}",
            "reference" if p is None else ("n/a" if math.isnan(p) else f"{p:.3g}" + (" *" if p < 0.05 else "")),
        ])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    table = "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in [header, *rows])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    markdown = out / "compare.md"
    markdown.write_text(
        "| " + " | ".join(header) + " |\n|" + "---|" * len(header) + "\n"
        + "".join("| " + " | ".join(r) + " |\n" for r in rows)
        + "\n\\* p < 0.05 (Welch's t-test on the final % mastered).\n"
    )
    plot = _plot(groups, out / "compare.png")
    return Comparison(groups, reference, p_values, table, plot, markdown)


def _plot(groups: list[GroupResult], path: Path) -> Path:
    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for g in groups:
        for ax, values in zip(axes, (g.mastered, g.mean_return)):
            mean, sem = values.mean(axis=0), _sem(values)
            ax.plot(g.steps, mean, label=f"{g.label} (n={len(g.runs)})")
            ax.fill_between(g.steps, mean - sem, mean + sem, alpha=0.25)
    axes[0].set(xlabel="environment steps", ylabel="% of test set mastered", title="% mastered (mean ± s.e.)")
    axes[1].set(xlabel="environment steps", ylabel="mean test return", title="test return (mean ± s.e.)")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
