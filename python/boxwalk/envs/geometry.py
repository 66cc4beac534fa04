"""The geometry of one terrain, as the engine built it (envs expose their current one; boxwalk.terrain generates
them without physics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


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
