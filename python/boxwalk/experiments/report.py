"""A run's report: PNG plots (learning curve, % mastered, the curriculum, the teacher's model, final test returns)
and an index.html that ties them together."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import numpy as np

from boxwalk import learners
from boxwalk.experiments import video
from boxwalk.experiments.checkpoint import load_checkpoint, policy_from_checkpoint
from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.logs import read_jsonl
from boxwalk.experiments.plotting import pyplot
from boxwalk.tasks import SUCCESS_RETURN

MAX_TASK_DIMS = 4  # the curriculum plot shows the first few task dimensions


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    pyplot().close(fig)
    return path


def rolling_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Mean of the last `window` values at each position (shorter at the start)."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values
    csum = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(1, values.size + 1)
    lo = np.maximum(0, idx - window)
    return (csum[idx] - csum[lo]) / (idx - lo)


def plot_learning_curve(episodes: list[dict], evals: list[dict], path: Path) -> Path:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    if episodes:
        steps = np.array([e["steps"] for e in episodes])
        returns = np.array([e["return"] for e in episodes])
        ax.plot(steps, returns, ".", ms=2, alpha=0.15, color="tab:blue")
        ax.plot(steps, rolling_mean(returns, 100), color="tab:blue", label="training episodes (mean of 100)")
    if evals:
        ax.plot([e["steps"] for e in evals], [e["mean_return"] for e in evals], "o-", color="tab:orange",
                label="test set, deterministic policy")
    ax.axhline(SUCCESS_RETURN, color="grey", lw=0.8, ls="--", label=f"mastered (return > {SUCCESS_RETURN:g})")
    ax.set(xlabel="environment steps", ylabel="episode return", title="Learning curve")
    ax.legend(loc="lower right", fontsize=8)
    return _save(fig, path)


def plot_mastered(evals: list[dict], path: Path) -> Path:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot([e["steps"] for e in evals], [e["mastered"] for e in evals], "o-", color="tab:green")
    ax.set(xlabel="environment steps", ylabel="% of test tasks mastered", ylim=(-2, 102),
           title=f"Test set mastered (return > {SUCCESS_RETURN:g})")
    return _save(fig, path)


def plot_concentration(evals: list[dict], path: Path) -> Path | None:
    """Per evaluation window: the share of training tasks outside the test set's region and the share drawn from
    the densest ±2 % neighbourhood (see :mod:`boxwalk.experiments.concentration`); None without such rows."""
    rows = [e for e in evals if (e.get("curriculum") or {}).get("densest_share") is not None]
    if not rows:
        return None
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.5))
    steps = [e["steps"] for e in rows]
    ax.plot(steps, [100 * e["curriculum"]["densest_share"] for e in rows], "o-", color="tab:red",
            label="densest ±2 % neighbourhood")
    if rows[0]["curriculum"].get("outside_test_region") is not None:
        ax.plot(steps, [100 * e["curriculum"]["outside_test_region"] for e in rows], "s-", color="tab:purple",
                label="outside the test set's region")
    ax.set(xlabel="environment steps (end of each evaluation window)", ylabel="% of the window's episodes",
           ylim=(-2, 102), title="Where the curriculum went, per evaluation window")
    ax.legend(fontsize=8)
    return _save(fig, path)


def plot_holdout(evals: list[dict], path: Path) -> Path | None:
    """Mean return and solved rate per level of dcd's holdout suite over training; None without holdout rows."""
    rows = [e for e in evals if e.get("holdout")]
    if not rows:
        return None
    plt = pyplot()
    fig, (ax_r, ax_s) = plt.subplots(1, 2, figsize=(11, 4))
    steps = [e["steps"] for e in rows]
    for level in rows[-1]["holdout"]:
        style = "k--" if level == "mean" else "o-"
        ax_r.plot(steps, [e["holdout"][level]["mean_return"] for e in rows], style, label=level, markersize=3)
        ax_s.plot(steps, [100 * e["holdout"][level]["solved"] for e in rows], style, label=level, markersize=3)
    ax_r.set(xlabel="environment steps", ylabel="mean return", title="dcd holdout suite: mean return")
    ax_s.set(xlabel="environment steps", ylabel="% solved (return >= 230)", ylim=(-2, 102), title="solved rate")
    ax_r.legend(fontsize=7)
    return _save(fig, path)


def plot_curriculum(episodes: list[dict], names: list[str], low: np.ndarray, high: np.ndarray, path: Path) -> Path:
    """The tasks the teacher gave, over training: dims 0-1 coloured by time, and each dim against steps."""
    plt = pyplot()
    tasks = np.array([e["task"] for e in episodes], dtype=np.float64)
    steps = np.array([e["steps"] for e in episodes])
    dims = min(MAX_TASK_DIMS, tasks.shape[1])
    panels = dims + (1 if tasks.shape[1] >= 2 else 0)
    fig, axes = plt.subplots(1, panels, figsize=(3.6 * panels, 3.4), squeeze=False)
    axes = axes[0]
    if tasks.shape[1] >= 2:
        points = axes[0].scatter(tasks[:, 0], tasks[:, 1], c=steps, s=3, cmap="viridis")
        axes[0].set(xlabel=names[0], ylabel=names[1], xlim=(low[0], high[0]), ylim=(low[1], high[1]),
                    title="sampled tasks (colour: step)")
        fig.colorbar(points, ax=axes[0])
        axes = axes[1:]
    for j, ax in enumerate(axes):
        ax.plot(steps, tasks[:, j], ".", ms=2, alpha=0.3)
        ax.plot(steps, rolling_mean(tasks[:, j], 100), color="black", lw=1)
        ax.set(xlabel="environment steps", ylabel=names[j], ylim=(low[j], high[j]), title=names[j])
    return _save(fig, path)


def _load_checkpoint(run_dir: Path) -> dict[str, Any] | None:
    try:
        return load_checkpoint(run_dir)
    except (FileNotFoundError, ValueError):
        return None


def _teacher_snapshots(checkpoint: dict[str, Any] | None) -> list[tuple[int, dict[str, Any]]]:
    teacher = checkpoint["teacher"] if checkpoint is not None else None
    if not teacher:
        return []
    history = teacher["state"].get("history")
    return list(history.snapshots) if history is not None else []


def plot_teacher(snapshots: list[tuple[int, dict[str, Any]]], names: list[str], low: np.ndarray,
                 high: np.ndarray, path: Path) -> Path | None:
    """Up to four of the teacher's snapshots on task dims 0-1: GMM components, RIAC regions, ADR/SPDL boxes."""
    drawable = [(ep, s) for ep, s in snapshots
                if {"means", "covariances"} <= s.keys() or "regions" in s or "box_low" in s or "mean" in s]
    if not drawable or len(names) < 2:
        return None
    plt = pyplot()
    from matplotlib.patches import Ellipse, Rectangle

    picks = [drawable[i] for i in sorted({int(round(x)) for x in np.linspace(0, len(drawable) - 1, 4)})]
    fig, axes = plt.subplots(1, len(picks), figsize=(3.6 * len(picks), 3.4), squeeze=False)
    for ax, (episode, snap) in zip(axes[0], picks):
        if "means" in snap:
            covs = np.asarray(snap["covariances"])
            for mean, cov, weight in zip(snap["means"], covs, snap["weights"]):
                cov2 = np.diag(cov[:2]) if cov.ndim == 1 else cov[:2, :2]
                vals, vecs = np.linalg.eigh(cov2)
                angle = np.degrees(np.arctan2(vecs[1, -1], vecs[0, -1]))
                ax.add_patch(Ellipse(mean[:2], *(2 * np.sqrt(np.maximum(vals[::-1], 0))), angle=angle,
                                     alpha=min(0.9, 0.2 + weight), color="tab:purple"))
        if "regions" in snap:
            alps = [r[2] for r in snap["regions"]] or [0.0]
            top = max(max(alps), 1e-9)
            for r_low, r_high, alp in snap["regions"]:
                ax.add_patch(Rectangle(r_low[:2], *(np.asarray(r_high[:2]) - r_low[:2]), fill=True,
                                       alpha=0.1 + 0.8 * alp / top, ec="black", lw=0.5, color="tab:red"))
        if "box_low" in snap:
            ax.add_patch(Rectangle(snap["box_low"][:2], *(snap["box_high"][:2] - snap["box_low"][:2]),
                                   alpha=0.4, color="tab:orange"))
        if "mean" in snap:
            ax.add_patch(Ellipse(snap["mean"][:2], *(4 * np.asarray(snap["std"][:2])), alpha=0.4, color="tab:cyan"))
        ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]), xlabel=names[0], ylabel=names[1],
               title=f"after {episode} episodes")
    return _save(fig, path)


def plot_test_returns(final: dict, tasks: np.ndarray | None, names: list[str], path: Path) -> Path:
    """The last evaluation's return per test task (on task dims 0-1 when the tasks have two or more)."""
    plt = pyplot()
    returns = np.asarray(final["returns"])
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    if tasks is not None and tasks.shape[1] >= 2 and len(tasks) == len(returns):
        points = ax.scatter(tasks[:, 0], tasks[:, 1], c=returns, cmap="RdYlGn", vmin=-150, vmax=300, s=60,
                            edgecolors=np.where(returns > SUCCESS_RETURN, "black", "none"))
        fig.colorbar(points, ax=ax, label="return")
        ax.set(xlabel=names[0], ylabel=names[1])
    else:
        ax.bar(np.arange(len(returns)), returns, color=np.where(returns > SUCCESS_RETURN, "tab:green", "tab:grey"))
        ax.set(xlabel="test task", ylabel="return")
    ax.set_title(f"Test returns at step {final['steps']:,} ({final['mastered']:.0f}% mastered)")
    return _save(fig, path)


def test_task_video(checkpoint: dict[str, Any], config: TrainConfig, path: Path, count: int = 3) -> Path | None:
    """The checkpoint's policy on `count` tasks spread over the test set, side by side (None without imageio)."""
    tasks = video.evenly_spaced_tasks(config, count)
    frames = video.record(config, policy_from_checkpoint(checkpoint, config), tasks, episodes=count, every=2)
    try:
        return video.write_video(frames, path, fps=25)  # every other frame at 25 fps: real time
    except ImportError:
        return None


def write_report(run_dir: Path | str, *, video: bool = True) -> Path:
    """Writes <run>/report/*.png, a video of the final policy on a few test tasks (`video`, needs imageio) and
    <run>/report/index.html; returns the index path."""
    run_dir = Path(run_dir)
    config = TrainConfig.load(run_dir / "config.json")
    episodes = read_jsonl(run_dir / "episodes.jsonl")
    evals = read_jsonl(run_dir / "eval.jsonl")
    train_rows = read_jsonl(run_dir / "train.jsonl")
    out = run_dir / "report"
    out.mkdir(exist_ok=True)
    checkpoint = _load_checkpoint(run_dir)
    figures: list[tuple[str, Path]] = [
        ("Learning curve", plot_learning_curve(episodes, evals, out / "learning_curve.png"))]
    if evals:
        figures.append(("% of the test set mastered", plot_mastered(evals, out / "mastered.png")))
    space = config.task_space()
    if space is not None and episodes:
        names, low, high = list(space.names), space.low, space.high
        curriculum = plot_curriculum(episodes, names, low, high, out / "curriculum.png")
        figures.append(("Curriculum: sampled tasks", curriculum))
        concentration = plot_concentration(evals, out / "concentration.png")
        if concentration is not None:
            figures.append(("Curriculum concentration", concentration))
        teacher_png = plot_teacher(_teacher_snapshots(checkpoint), names, low, high, out / "teacher.png")
        if teacher_png is not None:
            figures.append(("The teacher's model over time", teacher_png))
    holdout = plot_holdout(evals, out / "holdout.png")
    if holdout is not None:
        figures.append(("dcd's holdout suite", holdout))
    if evals:
        tasks = config.test_tasks()
        figures.append(("Final test returns", plot_test_returns(evals[-1], tasks, list(space.names) if space else [],
                                                                out / "test_returns.png")))
    summary = {
        "env": config.env, "teacher": config.teacher,
        "learner": f"{config.learner} ({config.learner_preset or learners.default_preset(config.learner)})",
        "seed": config.seed, "steps": f"{train_rows[-1]['steps']:,}" if train_rows else "0",
        "episodes": f"{len(episodes):,}",
        "training steps/s": f"{train_rows[-1]['steps_per_s']:,.0f}" if train_rows else "-",
        "final % mastered": f"{evals[-1]['mastered']:.1f}" if evals else "-",
        "final mean test return": f"{evals[-1]['mean_return']:.1f}" if evals else "-",
    }
    if evals and evals[-1].get("holdout"):
        final = evals[-1]["holdout"]
        summary["holdout suite (return / solved)"] = ", ".join(
            f"{k} {v['mean_return']:.0f} / {100 * v['solved']:.0f} %" for k, v in final.items())
    shares = [(e["curriculum"]["densest_share"], e["steps"]) for e in evals
              if (e.get("curriculum") or {}).get("densest_share") is not None]
    if shares:
        share, at = max(shares)
        summary["largest densest-neighbourhood share"] = f"{100 * share:.1f} % (window ending at step {at:,})"
    clip = test_task_video(checkpoint, config, out / "test_tasks.mp4") if video and checkpoint else None
    movie = ("<h2>The final policy on test tasks (first, middle, last)</h2>"
             f"<video src=\"{clip.name}\" controls loop muted width=\"100%\"></video>") if clip else ""
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in summary.items())
    images = "".join(f"<h2>{html.escape(title)}</h2><img src=\"{p.name}\" alt=\"{html.escape(title)}\">"
                     for title, p in figures)
    page = (
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>boxwalk run: "
        f"{html.escape(run_dir.name)}</title><style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}"
        "th{text-align:left;padding-right:1em}img{max-width:100%}</style></head><body>"
        f"<h1>boxwalk run: {html.escape(run_dir.name)}</h1><table>{rows}</table>{movie}{images}"
        f"<h2>Configuration</h2><pre>{html.escape(json.dumps(config.to_dict(), indent=2, default=str))}</pre>"
        "</body></html>\n"
    )
    index = out / "index.html"
    index.write_text(page)
    return index
