"""Gymnasium's BipedalWalker-v3 / BipedalWalkerHardcore-v3, bit for bit, on boxwalk's C++ engine."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from gymnasium.error import ResetNeeded
from gymnasium.utils import EzPickle

from boxwalk import _core

_MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class TerrainGeometry:
    """The terrain of the current episode, in world units (Box2D metres).

    ``ground_x``/``ground_y`` are the ground polyline (one static edge per segment), ``obstacles`` the static
    polygons (stumps, stairs, pit walls) in creation order, ``finish_x`` the x beyond which the episode ends.
    """

    ground_x: np.ndarray
    ground_y: np.ndarray
    obstacles: list[np.ndarray]
    finish_x: float


def _observation_bounds() -> tuple[np.ndarray, np.ndarray]:
    pi = math.pi
    per_leg_high = [pi, 5.0, pi, 5.0, 5.0]
    per_leg_low = [-pi, -5.0, -pi, -5.0, -0.0]
    high = np.array([pi, 5.0, 5.0, 5.0] + per_leg_high * 2 + [1.0] * 10).astype(np.float32)
    low = np.array([-pi, -5.0, -5.0, -5.0] + per_leg_low * 2 + [-1.0] * 10).astype(np.float32)
    return low, high


class BipedalWalker(gym.Env[np.ndarray, np.ndarray], EzPickle):
    """Gymnasium's ``BipedalWalker`` (normal or hardcore), simulated in C++.

    Same constants, same Box2D 2.3 sources, same RNG draws: for a seed and a sequence of actions, observations,
    rewards and flags equal Gymnasium 1.4's to the last bit. Seeding follows Gymnasium: ``reset(seed=s)`` seeds
    ``np_random`` (a numpy PCG64 Generator), later ``reset()`` calls continue that stream, and ``np_random`` always
    reflects the draws the C++ terrain generator made.

    Args:
        render_mode: rendering is not available yet; anything but ``None`` raises ``NotImplementedError``.
        hardcore: stumps, stairs and pits (``BipedalWalkerHardcore-v3``).
    """

    metadata = {"render_modes": ["human", "rgb_array"], "render_fps": 50}

    def __init__(self, render_mode: str | None = None, hardcore: bool = False):
        EzPickle.__init__(self, render_mode, hardcore)
        if render_mode is not None:
            if render_mode not in self.metadata["render_modes"]:
                raise ValueError(
                    f"render_mode must be one of {self.metadata['render_modes']} or None, got {render_mode!r}"
                )
            raise NotImplementedError(
                f"boxwalk cannot render yet (render_mode={render_mode!r}); create the env with render_mode=None"
            )
        self.render_mode = None
        self.hardcore = bool(hardcore)
        self._core = _core.WalkerEnv(hardcore=self.hardcore)
        self._init_spaces()

    def _init_spaces(self) -> None:
        low, high = _observation_bounds()
        self.observation_space = spaces.Box(low, high)
        self.action_space = spaces.Box(
            np.array([-1, -1, -1, -1]).astype(np.float32), np.array([1, 1, 1, 1]).astype(np.float32)
        )

    # ---- Gymnasium API -------------------------------------------------------------------------------------------

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        obs, rng_after = self._core.reset(self._rng_state())
        self._store_rng_state(rng_after)
        return obs, {}

    def step(self, action):
        if not self._core.has_episode:
            raise ResetNeeded("step() called before reset() (or after an engine error): call reset() first")
        obs, reward, terminated = self._core.step(np.asarray(action))
        return obs, reward, terminated, False, {}

    def render(self):
        raise NotImplementedError("boxwalk cannot render yet")

    def close(self):
        pass

    # ---- inspection ------------------------------------------------------------------------------------------------

    def terrain_geometry(self) -> TerrainGeometry:
        """The current episode's terrain (see :class:`TerrainGeometry`). Requires a reset."""
        if not self._core.has_episode:
            raise ResetNeeded("no terrain before reset()")
        t = self._core.terrain()
        offsets = t["obstacle_offsets"]
        verts = t["obstacle_vertices"]
        obstacles = [verts[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]
        return TerrainGeometry(t["ground_x"], t["ground_y"], obstacles, float(t["finish_x"]))

    @property
    def hull_position(self) -> tuple[float, float]:
        """The hull's (x, y) in world units."""
        return self._core.hull_position

    # ---- RNG bridge: the C++ generator continues numpy's PCG64 stream and hands it back --------------------------

    def _rng_state(self) -> tuple[int, int, int, int, int, int]:
        bit_generator = self.np_random.bit_generator
        if not isinstance(bit_generator, np.random.PCG64):
            raise TypeError(
                f"boxwalk envs draw from a PCG64 stream; np_random uses {type(bit_generator).__name__}. "
                "Seed through reset(seed=...) instead of replacing np_random."
            )
        st = bit_generator.state
        state, inc = st["state"]["state"], st["state"]["inc"]
        return (state >> 64, state & _MASK64, inc >> 64, inc & _MASK64, st["has_uint32"], st["uinteger"])

    def _store_rng_state(self, t: tuple[int, int, int, int, int, int]) -> None:
        self.np_random.bit_generator.state = {
            "bit_generator": "PCG64",
            "state": {"state": (t[0] << 64) | t[1], "inc": (t[2] << 64) | t[3]},
            "has_uint32": t[4],
            "uinteger": t[5],
        }
