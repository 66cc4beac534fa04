"""Turns a finished UED `boxwalk sweep` on the obstacle course into the small result files committed under
bench/papers/results/<study>/:

- runs.csv: one row per run and holdout level: ``teacher,learner,seed,steps,grad_updates,level,mean_return,solved``
  (the last evaluation; solved = share of the level's episodes with return >= 230, dcd's threshold);
- compare.md: per level, mean ± s.e. over seeds of the mean return and solved rate per teacher, Welch p against the
  reference teacher, beside dcd's published 20k-update numbers; compare.png: the same as bars.

    python bench/papers/summarise_ued.py runs/ued_obstacle_course bench/papers/results/ued_obstacle_course
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from boxwalk.experiments.checkpoint import load_checkpoint
from boxwalk.experiments.compare import find_runs, welch_p
from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.holdout import HOLDOUT_LEVELS
from boxwalk.experiments.logs import read_jsonl
from boxwalk.experiments.plotting import pyplot

FIELDS = ["teacher", "learner", "seed", "steps", "grad_updates", "level", "mean_return", "solved"]
TEACHERS = ("dr", "plr", "accel")
# dcd's committed results/bipedal/bipedal8d-{accel,robust_plr,dr}*20k*.csv: mean test return ± s.e. over 10 seeds
# (solved rate) at 20k student updates (~0.7B env steps), Box2D 2.3.x on gym 0.15.7.
DCD = {
    "accel": {"BipedalWalker-v3": (317.9, 0.9, 1.00), "BipedalWalkerHardcore-v3": (210.8, 10.7, 0.63),
              "Med-Stairs": (91.6, 9.7, 0.21), "Med-PitGap": (112.0, 24.0, 0.31),
              "Med-StumpHeight": (165.8, 14.0, 0.49), "Med-Roughness": (253.3, 13.1, 0.76)},
    "plr": {"BipedalWalker-v3": (304.8, 2.3, 0.99), "BipedalWalkerHardcore-v3": (84.8, 12.8, 0.16),
            "Med-Stairs": (51.0, 4.8, 0.04), "Med-PitGap": (43.3, 11.3, 0.04),
            "Med-StumpHeight": (6.5, 5.5, 0.01), "Med-Roughness": (129.7, 13.3, 0.24)},
    "dr": {"BipedalWalker-v3": (266.8, 13.3, 0.84), "BipedalWalkerHardcore-v3": (14.2, 3.9, 0.01),
           "Med-Stairs": (18.6, 3.9, 0.01), "Med-PitGap": (12.4, 3.7, 0.00),
           "Med-StumpHeight": (-10.4, 3.9, 0.00), "Med-Roughness": (51.8, 6.3, 0.03)},
}
LABELS = {"dr": "DR", "plr": "PLR⊥", "accel": "ACCEL"}


def _sem(x: np.ndarray) -> float:
    return float(np.std(x, ddof=1) / np.sqrt(len(x))) if len(x) > 1 else float("nan")


def summarise(runs_dir: Path, out: Path, reference: str = "dr") -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for run in find_runs([runs_dir]):
        config = TrainConfig.load(run / "config.json")
        last = read_jsonl(run / "eval.jsonl")[-1]
        if last["steps"] < config.total_steps:
            continue  # still running
        updates = load_checkpoint(run)["learner"]["updates"]
        for level in HOLDOUT_LEVELS:
            result = last["holdout"][level]
            rows.append({"teacher": config.teacher, "learner": f"{config.learner} ({config.learner_preset})",
                         "seed": config.seed, "steps": last["steps"], "grad_updates": updates, "level": level,
                         "mean_return": f"{result['mean_return']:.1f}", "solved": f"{result['solved']:.2f}"})
    rows.sort(key=lambda r: (TEACHERS.index(r["teacher"]), r["seed"], HOLDOUT_LEVELS.index(r["level"])))
    with open(out / "runs.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)

    def values(teacher: str, level: str, key: str) -> np.ndarray:
        return np.array([float(r[key]) for r in rows if r["teacher"] == teacher and r["level"] == level])

    teachers = [t for t in TEACHERS if any(r["teacher"] == t for r in rows)]
    steps = sorted({r["steps"] for r in rows})
    seeds = ", ".join(f"{LABELS[t]} {len(values(t, HOLDOUT_LEVELS[0], 'seed'))}" for t in teachers)
    lines = [f"# DR vs PLR⊥ vs ACCEL on the obstacle course at {steps[-1]:,} env steps (seeds: {seeds})", "",
             "Mean test return ± s.e. over seeds (solved rate, return >= 230) on dcd's holdout suite, 10 episodes per "
             f"level and run; Welch p against {LABELS[reference]}. dcd: the published 20k-update numbers (~0.7B env "
             "steps, 10 seeds).", "",
             "| level | " + " | ".join(f"{LABELS[t]} (here) | p vs {LABELS[reference]}" for t in teachers) + " | "
             + " | ".join(f"{LABELS[t]} (dcd)" for t in teachers) + " |",
             "|---|" + "---|---|" * len(teachers) + "---|" * len(teachers)]
    for level in HOLDOUT_LEVELS:
        cells = []
        for t in teachers:
            r, s = values(t, level, "mean_return"), values(t, level, "solved")
            p = welch_p(r, values(reference, level, "mean_return")) if t != reference else float("nan")
            cells += [f"{r.mean():.1f} ± {_sem(r):.1f} ({s.mean():.2f})", "—" if t == reference else f"{p:.2f}"]
        dcd = [f"{DCD[t][level][0]:.1f} ± {DCD[t][level][1]:.1f} ({DCD[t][level][2]:.2f})" for t in teachers]
        lines.append(f"| {level} | " + " | ".join(cells + dcd) + " |")
    updates = {t: np.mean([float(r["grad_updates"]) for r in rows if r["teacher"] == t and r["level"] == level])
               for t in teachers}
    lines += ["", "PPO gradient updates per run (mean): " + ", ".join(f"{LABELS[t]} {updates[t]:.0f}" for t in teachers)
              + " -- every env step counts towards the budget, and PLR⊥/ACCEL spend part of it on rollouts that only"
              " score levels."]
    (out / "compare.md").write_text("\n".join(lines) + "\n")

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(11, 4))
    width = 0.8 / len(teachers)
    x = np.arange(len(HOLDOUT_LEVELS))
    for k, t in enumerate(teachers):
        means = [values(t, level, "mean_return").mean() for level in HOLDOUT_LEVELS]
        errs = [_sem(values(t, level, "mean_return")) for level in HOLDOUT_LEVELS]
        ax.bar(x + (k - (len(teachers) - 1) / 2) * width, means, width, yerr=errs, label=LABELS[t], capsize=3)
    ax.set_xticks(x, HOLDOUT_LEVELS, rotation=15, fontsize=8)
    ax.axhline(0, color="k", lw=0.5)
    ax.set(ylabel="mean test return (± s.e. over seeds)",
           title=f"dcd holdout suite after {steps[-1]:,} env steps (PPO, dcd preset)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "compare.png", dpi=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--reference", default="dr", choices=TEACHERS)
    args = parser.parse_args()
    summarise(args.runs, args.out, args.reference)


if __name__ == "__main__":
    main()
