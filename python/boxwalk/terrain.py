"""Terrain geometry without physics: batched, parallel generation for tests, plots and teachers."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from boxwalk import _core


@dataclass(frozen=True)
class TerrainGeometry:
    """One terrain, in world units (Box2D metres).

    ``ground_x``/``ground_y``: the ground polyline (one static edge per segment). ``obstacles``: solid polygons
    (stumps, hexagons, stairs, pit walls) in creation order. ``ceiling_y``: the ceiling over the same x (Parkour;
    empty otherwise). ``creepers``: sensor boxes hanging from the ceiling (Parkour). ``water_y``/``water_floor``:
    the water level and the bottom of the water body (Parkour; None otherwise). ``finish_x``: the episode ends when
    the walker passes it.
    """

    ground_x: np.ndarray
    ground_y: np.ndarray
    obstacles: list[np.ndarray]
    finish_x: float
    ceiling_y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    creepers: list[np.ndarray] = field(default_factory=list)
    water_y: float | None = None
    water_floor: float | None = None

    @classmethod
    def _from_core(cls, t: dict[str, Any]) -> TerrainGeometry:
        def polygons(vertices: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
            return [vertices[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]

        return cls(
            ground_x=t["ground_x"],
            ground_y=t["ground_y"],
            obstacles=polygons(t["obstacle_vertices"], t["obstacle_offsets"]),
            finish_x=float(t["finish_x"]),
            ceiling_y=t["ceiling_y"],
            creepers=polygons(t["creeper_vertices"], t["creeper_offsets"]),
            water_y=t["water_y"],
            water_floor=t["water_floor"],
        )


FAMILY_NAMES = ("stump_tracks", "hexagon_tracks", "obstacle_course", "parkour", "heightfield")


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
        family: ``"stump_tracks"``, ``"hexagon_tracks"``, ``"obstacle_course"``, ``"parkour"`` or ``"heightfield"``.
        tasks: shape (n, d) (or (d,) for one), validated against the family's task space limits.
        seeds: n non-negative integers (or one int for all).
        cppn_weights: Parkour only: a .npz path or mapping w0..w4 (default: boxwalk's own CPPN).
        num_threads: default ``os.cpu_count()``.
    """
    from boxwalk.envs.families import core_cppn, family as family_spec

    spec = family_spec(family)
    tasks = spec.task_space().validate(tasks)
    tasks = np.atleast_2d(tasks)
    n = tasks.shape[0]
    seeds = np.broadcast_to(np.asarray(seeds), (n,)) if np.ndim(seeds) == 0 else np.asarray(seeds)
    if seeds.shape != (n,):
        raise ValueError(f"seeds must have {n} values (one per task), got shape {seeds.shape}")
    if not np.issubdtype(seeds.dtype, np.integer) or (seeds < 0).any():
        raise ValueError("seeds must be non-negative integers")
    threads = num_threads if num_threads is not None else (os.cpu_count() or 1)
    if threads < 1:
        raise ValueError(f"num_threads must be >= 1, got {threads}")
    cppn = core_cppn(cppn_weights) if family == "parkour" else None
    raw = _core.generate_terrains(family, False, cppn, tasks, seeds.astype(np.uint64), threads)
    return [TerrainGeometry._from_core(t) for t in raw]
