"""Terrain geometry without physics: batched, parallel generation for tests, plots and teachers."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from boxwalk import _core
from boxwalk.envs import families
from boxwalk.envs.geometry import TerrainGeometry


def generate(
    family: str,
    tasks: Any,
    seeds: Any,
    *,
    cppn_weights: Any = None,
    num_threads: int | None = None,
) -> list[TerrainGeometry]:
    """Generates one terrain per (task, seed), in parallel with the GIL released.

    Terrain i is exactly the one an env of this family builds at ``reset(seed=seeds[i], options={"task": tasks[i]})``.

    Args:
        family: a family with tasks (``boxwalk.envs.families.task_families()``).
        tasks: shape (n, d) (or (d,) for one), validated against the family's task space limits.
        seeds: n non-negative integers (or one int for all).
        cppn_weights: families that need CPPN weights (Parkour): a .npz path or mapping w0..w4 (default:
            boxwalk's own CPPN).
        num_threads: default ``os.cpu_count()``.
    """
    spec = families.family(family)
    if not spec.has_tasks:
        raise ValueError(f"the {family} family has no tasks; valid: {families.task_families()}")
    tasks = np.atleast_2d(spec.task_space().validate(tasks))
    seeds = np.broadcast_to(np.asarray(seeds), (tasks.shape[0],)) if np.ndim(seeds) == 0 else np.asarray(seeds)
    if not np.issubdtype(seeds.dtype, np.integer) or (seeds < 0).any():
        raise ValueError("seeds must be non-negative integers")
    threads = num_threads if num_threads is not None else (os.cpu_count() or 1)
    cppn = families.core_cppn(cppn_weights) if spec.rules["needs_cppn"] else None
    raw = _core.generate_terrains(family, False, cppn, tasks, seeds.astype(np.uint64), threads)
    return [TerrainGeometry._from_core(t) for t in raw]
