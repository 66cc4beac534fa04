"""Turns a finished `boxwalk sweep` into the small result files committed under bench/papers/results/<study>/:

- runs.csv: one row per run, ``criterion,teacher,learner,seed,steps,mastered`` (final % of the test set mastered);
- concentration.csv: per run and evaluation window, where the curriculum went (the share of training episodes
  outside the test set's region and in the densest ±2 % neighbourhood; see boxwalk.experiments.concentration), plus
  one ``whole run`` row with the densest neighbourhood's share of episodes and of environment steps;
- concentration.md: per teacher, how concentrated its curricula were (mean ± s.e. over runs, Welch t-tests);
- curriculum.png: per evaluation window, the share of each teacher's episodes outside the test set's region and in
  the densest neighbourhood (mean ± s.e. over runs);
- compare.md (compare_<reference>.md for each of several references): `boxwalk compare` of the teachers against the
  reference (Welch t-tests on the final % mastered), and compare.png (the groups' % mastered over training).

    python bench/papers/summarise.py runs/alp_gmm_collapse bench/papers/results/alp_gmm_collapse \
        --criterion unfeasible --reference alp-gmm --reference random
"""

from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

import numpy as np

from boxwalk.experiments.compare import compare, find_runs
from boxwalk.experiments.concentration import curriculum_concentration
from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.logs import read_jsonl

RUN_FIELDS = ["criterion", "teacher", "learner", "seed", "steps", "mastered"]
# Windows with fewer episodes are left out of per-window statistics: the end-of-run evaluation's few-episode window.
MIN_WINDOW_EPISODES = 50
CONCENTRATION_FIELDS = ["criterion", "teacher", "seed", "window_end_step", "episodes", "outside_test_region",
                        "densest_share", "densest_steps_share", "densest_task"]


def whole_run(episodes: list[dict], config: TrainConfig) -> dict:
    """The densest neighbourhood over the whole run, as a share of its episodes and of its environment steps."""
    space = config.task_space()
    tasks = np.array([e["task"] for e in episodes])
    lengths = np.array([e["length"] for e in episodes], dtype=np.float64)
    stats = curriculum_concentration(tasks, space.low, space.high, config.test_tasks(), weights=lengths)
    stats["densest_steps_share"] = stats.pop("densest_weighted_share")
    return stats


def summarise(runs_dir: Path, out: Path, criterion: str, references: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    runs, windows = [], []
    for run in find_runs([runs_dir]):
        config = TrainConfig.load(run / "config.json")
        evals = read_jsonl(run / "eval.jsonl")
        key = {"criterion": criterion, "teacher": config.teacher, "seed": config.seed}
        runs.append({**key, "learner": config.learner, "steps": evals[-1]["steps"],
                     "mastered": f"{evals[-1]['mastered']:.1f}"})
        for e in evals:
            c = e.get("curriculum") or {}
            if c.get("episodes"):
                windows.append({**key, "window_end_step": e["steps"], "episodes": c["episodes"],
                                "outside_test_region": _fmt(c["outside_test_region"]),
                                "densest_share": _fmt(c["densest_share"]), "densest_steps_share": "",
                                "densest_task": _task(c["densest_task"])})
        total = whole_run(read_jsonl(run / "episodes.jsonl"), config)
        windows.append({**key, "window_end_step": "whole run", "episodes": total["episodes"],
                        "outside_test_region": _fmt(total["outside_test_region"]),
                        "densest_share": _fmt(total["densest_share"]),
                        "densest_steps_share": _fmt(total["densest_steps_share"]),
                        "densest_task": _task(total["densest_task"])})
    _concentration_table(out / "concentration.md", windows)
    _curriculum_plot(out / "curriculum.png", windows)
    runs.sort(key=lambda r: (r["teacher"], r["seed"]))
    windows.sort(key=lambda r: (r["teacher"], r["seed"], str(r["window_end_step"]).zfill(12)))
    _write_csv(out / "runs.csv", RUN_FIELDS, runs)
    _write_csv(out / "concentration.csv", CONCENTRATION_FIELDS, windows)
    for k, reference in enumerate(references):  # the curves do not depend on the reference: one compare.png
        scratch = out / f".compare-{reference}"
        compare([runs_dir], out=scratch, reference=reference)
        name = "compare.md" if len(references) == 1 else f"compare_{reference}.md"
        shutil.move(scratch / "compare.md", out / name)
        if k == 0:
            shutil.move(scratch / "compare.png", out / "compare.png")
        shutil.rmtree(scratch)


def _concentration_table(path: Path, windows: list[dict]) -> None:
    """Per teacher, mean ± s.e. over runs: each run's largest window share in one neighbourhood, and its whole-run
    shares (episodes and steps in the densest neighbourhood, episodes outside the test set's region)."""
    from scipy import stats

    per_teacher: dict[str, dict[str, list[float]]] = {}
    for w in windows:
        t = per_teacher.setdefault(w["teacher"], {"max_window": {}, "whole": [], "steps": [], "outside": []})
        if w["window_end_step"] == "whole run":
            t["whole"].append(float(w["densest_share"]))
            t["steps"].append(float(w["densest_steps_share"]))
            t["outside"].append(float(w["outside_test_region"]))
        elif w["densest_share"] and w["episodes"] >= MIN_WINDOW_EPISODES:
            t["max_window"][w["seed"]] = max(t["max_window"].get(w["seed"], 0.0), float(w["densest_share"]))
    lines = ["| teacher | runs | largest window share in one ±2 % neighbourhood | whole run: episodes there | "
             "whole run: steps there | whole run: outside the test region |", "|---|---|---|---|---|---|"]
    maxima = {name: list(t["max_window"].values()) for name, t in per_teacher.items()}
    for name, t in sorted(per_teacher.items()):
        cells = [_mean_se(maxima[name]), _mean_se(t["whole"]), _mean_se(t["steps"]), _mean_se(t["outside"])]
        lines.append(f"| {name} | {len(t['whole'])} | " + " | ".join(cells) + " |")
    names = sorted(maxima)
    tests = [f"- largest window share, {a} vs {b}: Welch p = {stats.ttest_ind(maxima[a], maxima[b], equal_var=False).pvalue:.3g}"
             for i, a in enumerate(names) for b in names[i + 1:] if len(maxima[a]) > 1 and len(maxima[b]) > 1]
    path.write_text("\n".join(lines + [""] + tests) + "\n")


def _curriculum_plot(path: Path, windows: list[dict]) -> None:
    """Where each teacher's training episodes went, per evaluation window: the share outside the test set's region
    (on the mostly-unfeasible box, the stumps taller than any test task) and the share in the densest ±2 %
    neighbourhood, mean ± s.e. over runs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    for (key, title), ax in zip([("outside_test_region", "episodes outside the test set's region"),
                                 ("densest_share", "episodes in the densest ±2 % neighbourhood")], axes):
        for teacher in sorted({w["teacher"] for w in windows}):
            by_step: dict[int, list[float]] = {}
            for w in windows:
                if (w["teacher"] == teacher and w["window_end_step"] != "whole run" and w[key]
                        and w["episodes"] >= MIN_WINDOW_EPISODES):
                    by_step.setdefault(int(w["window_end_step"]), []).append(100 * float(w[key]))
            steps = sorted(by_step)
            mean = np.array([np.mean(by_step[s]) for s in steps])
            se = np.array([np.std(by_step[s], ddof=1) / np.sqrt(len(by_step[s])) if len(by_step[s]) > 1 else 0.0
                           for s in steps])
            ax.plot(steps, mean, marker="o", label=f"{teacher} (n={max(len(v) for v in by_step.values())})")
            ax.fill_between(steps, mean - se, mean + se, alpha=0.25)
        ax.set_title(title)
        ax.set_xlabel("environment steps (end of the window)")
        ax.set_ylabel("% of the window's episodes")
        ax.set_ylim(0, 100)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _mean_se(values: list[float]) -> str:
    a = np.asarray(values, dtype=np.float64)
    se = a.std(ddof=1) / np.sqrt(len(a)) if len(a) > 1 else float("nan")
    return f"{100 * a.mean():.1f} ± {100 * se:.1f} %"


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}"


def _task(task: list[float] | None) -> str:
    return "" if task is None else " ".join(f"{v:.3f}" for v in task)


def _write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=Path, help="the sweep's out folder")
    parser.add_argument("out", type=Path, help="the results folder (bench/papers/results/<study>)")
    parser.add_argument("--criterion", required=True, help="criterion name written in the csv files")
    parser.add_argument("--reference", action="append", default=[], help="group to compare against (repeatable)")
    args = parser.parse_args()
    summarise(args.runs, args.out, args.criterion, args.reference or ["random"])


if __name__ == "__main__":
    main()
