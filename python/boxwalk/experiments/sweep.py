"""Experiment sweeps: a grid of training runs (teachers x seeds x envs x any train option), each run a Ray task
with its own CPU/GPU reservation, resumable, ending with `boxwalk compare` over the groups.

A sweep config is TOML::

    [sweep]
    out = "runs/sweep"              # root folder; run folders go under it (required)
    cpus_per_run = 1                # Ray reservation of each run; sizes its C++ thread pool and torch threads
    gpus_per_run = 0                # > 0 also sets device = "cuda"
    max_concurrent = 4              # optional cap on runs in flight (default: as many as Ray can place)
    group_by = ["teacher"]          # comparison groups (default: the grid keys except seed)
    reference = "random"            # the group the Welch t-tests compare against (default: random when present)

    [grid]                          # every combination of these lists is one run
    teacher = ["alp-gmm", "random"]
    seed = [0, 1, 2]

    [train]                         # fixed `boxwalk train` options (TrainConfig fields) of every run
    env = "stump-tracks"
    steps = 2_000_000
    learner_options = { num_envs = 16 }

    [criteria.default]              # optional: TeachMyAgent-style challenges, each a set of train options;
    [criteria.rugged]               # the grid runs once per criterion and a profile chart compares teachers
    shuffle_dimensions = true       # across them

A run's folder is ``out/<key>-<value>_...`` (``out/<criterion>/...`` with criteria) and holds exactly what
`boxwalk train` writes, plus ``sweep_done.json`` once finished. Re-running a sweep skips finished runs and resumes
interrupted ones from their last checkpoint (a run killed before its first checkpoint starts over).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import os
import re
import shutil
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from boxwalk.distributed import require_ray
from boxwalk.experiments.checkpoint import CHECKPOINT
from boxwalk.experiments.compare import compare
from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.plotting import pyplot
from boxwalk.experiments.progress import progress_bar
from boxwalk.experiments.train import Trainer

DONE = "sweep_done.json"
SWEEP_KEYS = {"out", "cpus_per_run", "gpus_per_run", "max_concurrent", "group_by", "reference"}
SECTIONS = {"sweep", "grid", "train", "criteria"}
TRAIN_FIELDS = {f.name for f in dataclasses.fields(TrainConfig)} - {"out", "workers"}


class SweepConfigError(ValueError):
    """A malformed sweep config; the message names the key."""


@dataclass
class Cell:
    """One run of the sweep."""

    name: str
    criterion: str | None
    values: dict[str, Any]  # its grid values
    config: TrainConfig

    @property
    def out(self) -> Path:
        return Path(self.config.out)

    @property
    def done(self) -> bool:
        return (self.out / DONE).is_file()


@dataclass
class SweepSpec:
    out: Path
    grid: dict[str, list[Any]]
    train: dict[str, Any]
    criteria: dict[str, dict[str, Any]]
    cpus_per_run: float = 1
    gpus_per_run: float = 0
    max_concurrent: int | None = None
    group_by: list[str] = field(default_factory=list)
    reference: str | None = None

    def cells(self) -> list[Cell]:
        """Every run, validated (a bad combination raises SweepConfigError naming the run)."""
        keys = list(self.grid)
        cells = []
        for criterion in self.criteria or [None]:
            for combo in itertools.product(*(self.grid[k] for k in keys)):
                values = dict(zip(keys, combo))
                name = "_".join(f"{k}-{_slug(v)}" for k, v in values.items()) or "run"
                folder = self.out / criterion / name if criterion else self.out / name
                fields = {**self.train, **(self.criteria.get(criterion, {}) if criterion else {}), **values}
                if self.gpus_per_run > 0:
                    fields.setdefault("device", "cuda")
                if str(fields.get("test_set", "")).endswith(".npy"):  # workers may run elsewhere: absolute paths
                    fields["test_set"] = str(Path(fields["test_set"]).resolve())
                fields.update(out=str(folder.resolve()), num_threads=fields.get("num_threads") or _threads(self),
                              torch_threads=fields.get("torch_threads") or _threads(self))
                label = f"{criterion}/{name}" if criterion else name
                try:
                    config = TrainConfig.from_dict(fields)
                    if self.gpus_per_run == 0:
                        config.validate()
                    else:  # the GPU is on a worker: check everything but the device here
                        dataclasses.replace(config, device="cpu").validate()
                except (ValueError, TypeError) as err:
                    raise SweepConfigError(f"run {label}: {err}") from None
                cells.append(Cell(label, criterion, values, config))
        return cells

    @property
    def comparison_groups(self) -> list[str]:
        return self.group_by or [k for k in self.grid if k != "seed"] or ["teacher"]


def _threads(spec: SweepSpec) -> int:
    return max(1, math.floor(spec.cpus_per_run))


def _slug(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9.+-]+", "-", str(value)).strip("-") or "x"


def load_sweep(path: str | Path) -> SweepSpec:
    """Parses and checks a sweep config; raises SweepConfigError naming the offending key."""
    path = Path(path)
    if not path.is_file():
        raise SweepConfigError(f"no sweep config at {path}")
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise SweepConfigError(f"{path}: not valid TOML: {err}") from None
    for key in data:
        if key not in SECTIONS:
            raise SweepConfigError(f"unknown section [{key}]; valid: {sorted(SECTIONS)}")
    sweep = _table(data, "sweep")
    for key in sweep:
        if key not in SWEEP_KEYS:
            raise SweepConfigError(f"unknown key 'sweep.{key}'; valid: {sorted(SWEEP_KEYS)}")
    if "out" not in sweep or not isinstance(sweep["out"], str) or not sweep["out"]:
        raise SweepConfigError("'sweep.out' (the root folder of the runs) is required and must be a string")
    grid = _table(data, "grid")
    for key, values in grid.items():
        _check_train_key(f"grid.{key}", key)
        if not isinstance(values, list) or not values:
            raise SweepConfigError(f"'grid.{key}' must be a non-empty list, got {values!r}")
        if len(set(map(repr, values))) != len(values):
            raise SweepConfigError(f"'grid.{key}' repeats a value: {values!r}")
    train = _table(data, "train")
    for key in train:
        _check_train_key(f"train.{key}", key)
        if key in grid:
            raise SweepConfigError(f"'{key}' is both in [grid] and [train]")
    criteria = _table(data, "criteria")
    for name, options in criteria.items():
        if not isinstance(options, dict):
            raise SweepConfigError(f"'criteria.{name}' must be a table of train options")
        for key in options:
            _check_train_key(f"criteria.{name}.{key}", key)
            if key in grid:
                raise SweepConfigError(f"'criteria.{name}.{key}' is also a [grid] key")
    spec = SweepSpec(out=Path(sweep["out"]), grid=grid, train=train, criteria=criteria)
    for key, kind in (("cpus_per_run", (int, float)), ("gpus_per_run", (int, float)), ("max_concurrent", int)):
        if key in sweep:
            value = sweep[key]
            low_ok = value >= 0 if key == "gpus_per_run" else value > 0
            if isinstance(value, bool) or not isinstance(value, kind) or not low_ok:
                raise SweepConfigError(f"'sweep.{key}' must be a {'non-negative' if key == 'gpus_per_run' else 'positive'}"
                                       f" number, got {value!r}")
            setattr(spec, key, value)
    if "group_by" in sweep:
        group_by = sweep["group_by"]
        if not isinstance(group_by, list) or not all(isinstance(g, str) for g in group_by):
            raise SweepConfigError(f"'sweep.group_by' must be a list of train option names, got {group_by!r}")
        for g in group_by:
            _check_train_key("sweep.group_by", g)
        spec.group_by = group_by
    if "reference" in sweep:
        spec.reference = str(sweep["reference"])
    cells = spec.cells()  # every combination validates before anything starts
    if spec.reference is not None:  # a reference the comparison would not find fails now, not after the runs
        groups = sorted({"/".join(str(c.config.to_dict()[g]) for g in spec.comparison_groups) for c in cells})
        if spec.reference not in groups:
            raise SweepConfigError(f"'sweep.reference' is {spec.reference!r}, not one of this sweep's comparison "
                                   f"groups {groups} (grouped by {spec.comparison_groups})")
    return spec


def _table(data: dict[str, Any], name: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise SweepConfigError(f"'{name}' must be a table ([{name}])")
    return table


def _check_train_key(where: str, key: str) -> None:
    if key == "out":
        raise SweepConfigError(f"'{where}': run folders are set by the sweep (sweep.out)")
    if key == "workers":  # actors inside a task could wait forever for CPUs the sweep's runs hold
        raise SweepConfigError(f"'{where}': rollout workers are for one big run (boxwalk train --workers); a sweep "
                               "runs its runs in parallel instead, each on sweep.cpus_per_run CPUs")
    if key not in TRAIN_FIELDS:
        raise SweepConfigError(f"unknown train option '{where}'; valid: {sorted(TRAIN_FIELDS)}")


# ---- running ---------------------------------------------------------------------------------------------------------

def run_cell(config_data: dict[str, Any]) -> dict[str, Any]:
    """Runs (or resumes, or skips) one run; executed inside a Ray worker. The C++ objects are built here."""
    config = TrainConfig.from_dict(config_data)
    run = Path(config.out)
    done = run / DONE
    if done.is_file():
        return {**json.loads(done.read_text()), "status": "skipped"}
    resume = (run / CHECKPOINT).is_file()
    if not resume and run.exists():
        shutil.rmtree(run)  # killed before its first checkpoint: nothing to resume from
    start = time.perf_counter()
    summary = Trainer(config, resume=resume, progress=False).run()
    result = {"steps": summary.steps, "episodes": summary.episodes, "mastered": summary.mastered,
              "mean_test_return": summary.mean_test_return, "steps_per_second": summary.steps_per_second,
              "seconds": time.perf_counter() - start, "resumed": resume, "pid": os.getpid()}
    tmp = done.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=2) + "\n")
    tmp.replace(done)
    return {**result, "status": "resumed" if resume else "trained"}


@dataclass
class SweepResult:
    cells: list[Cell]
    results: dict[str, dict[str, Any]]  # cell label -> run_cell's result (or {"status": "failed", "error": ...})
    comparisons: dict[str, Any]  # criterion ("" without criteria) -> boxwalk.experiments.compare.Comparison
    profile: Path | None
    ray_start_seconds: float
    seconds: float  # everything: Ray's start, the runs, the comparison
    compare_seconds: float = 0.0

    @property
    def failed(self) -> list[str]:
        return [k for k, r in self.results.items() if r["status"] == "failed"]


def run_sweep(spec: SweepSpec, *, address: str | None = None, max_concurrent: int | None = None,
              progress: bool = True, log=print) -> SweepResult:
    """Runs every unfinished cell on Ray (a local instance unless `address` is given), then compares."""
    ray = require_ray()
    cells = spec.cells()
    start = time.perf_counter()
    results: dict[str, dict[str, Any]] = {}
    queue = []
    for cell in cells:
        if cell.done:
            results[cell.name] = {**json.loads((cell.out / DONE).read_text()), "status": "skipped"}
            log(f"[{len(results)}/{len(cells)}] {cell.name}: done before, skipped")
        else:
            queue.append(cell)
    if queue and not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    ray_start = time.perf_counter() - start
    # A worker that dies (a killed process, a lost node) is retried; the retry resumes from the run's checkpoint.
    remote = ray.remote(run_cell).options(num_cpus=spec.cpus_per_run, num_gpus=spec.gpus_per_run, max_retries=3)
    limit = max_concurrent or spec.max_concurrent or len(cells)
    bar = progress_bar(len(cells), enabled=progress, initial=len(results), unit="run", desc="sweep",
                       file=sys.stderr)
    in_flight: dict[Any, Cell] = {}
    while queue or in_flight:
        while queue and len(in_flight) < limit:
            cell = queue.pop(0)
            in_flight[remote.remote(cell.config.to_dict())] = cell
        ready, _ = ray.wait(list(in_flight), num_returns=1)
        cell = in_flight.pop(ready[0])
        try:
            result = ray.get(ready[0])
        except Exception as err:  # a run that raised, or a worker lost more often than the retries allow
            cause = getattr(err, "cause", None) or err  # a RayTaskError carries the run's own exception
            result = {"status": "failed", "error": f"{type(cause).__name__}: {str(cause).splitlines()[-1][:300]}"}
        results[cell.name] = result
        bar.update(1)
        log(f"[{len(results)}/{len(cells)}] {cell.name}: {_describe(result)}")
    bar.close()
    comparisons, profile = {}, None
    compare_start = time.perf_counter()
    if not any(r["status"] == "failed" for r in results.values()):
        comparisons, profile = compare_sweep(spec, cells)
    end = time.perf_counter()
    return SweepResult(cells, results, comparisons, profile, ray_start, end - start, end - compare_start)


def _describe(result: dict[str, Any]) -> str:
    if result["status"] == "failed":
        return f"FAILED ({result['error']})"
    mastered = "-" if result.get("mastered") is None else f"{result['mastered']:.1f}% mastered"
    return (f"{result['status']}, {result['steps']:,} steps, {mastered}, "
            f"{result['steps_per_second']:,.0f} steps/s, {result['seconds']:.0f} s")


def compare_sweep(spec: SweepSpec, cells: list[Cell]) -> tuple[dict[str, Any], Path | None]:
    """`boxwalk compare` over the sweep's groups (per criterion), and the profile chart when criteria are given."""
    comparisons = {}
    for criterion in spec.criteria or [None]:
        runs = [c.out for c in cells if c.criterion == criterion]
        out = spec.out / "compare" / criterion if criterion else spec.out / "compare"
        comparisons[criterion or ""] = compare(runs, out=out, group_by=spec.comparison_groups,
                                               reference=spec.reference)
    profile = plot_profile(comparisons, spec.out / "compare" / "profile.png") if spec.criteria else None
    return comparisons, profile


def plot_profile(comparisons: dict[str, Any], path: Path) -> Path:
    """TeachMyAgent-style profile: one axis per criterion, one polygon per group, radius = final % mastered."""
    plt = pyplot()
    criteria = list(comparisons)
    labels = sorted({g.label for c in comparisons.values() for g in c.groups})
    angles = np.linspace(0, 2 * np.pi, len(criteria), endpoint=False)
    fig, ax = plt.subplots(figsize=(6, 6), subplot_kw={"projection": "polar"})
    for label in labels:
        values = []
        for criterion in criteria:
            group = next((g for g in comparisons[criterion].groups if g.label == label), None)
            values.append(float(group.final.mean()) if group is not None else 0.0)
        ax.plot(np.append(angles, angles[0]), values + values[:1], marker="o", label=label)
        ax.fill(np.append(angles, angles[0]), values + values[:1], alpha=0.1)
    ax.set_xticks(angles, criteria)
    ax.set_ylim(0, max(1.0, max((g.final.mean() for c in comparisons.values() for g in c.groups), default=1)))
    ax.set_title("final % of the test set mastered, per criterion")
    ax.legend(loc="upper right", bbox_to_anchor=(1.3, 1.1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return path
