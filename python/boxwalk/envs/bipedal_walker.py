"""Gymnasium's BipedalWalker-v3 / BipedalWalkerHardcore-v3, bit for bit, on boxwalk's C++ engine."""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium.utils import EzPickle

from boxwalk import _core
from boxwalk.envs.exclusive import exclusive
from boxwalk.envs.walker import _EngineEnv

_NO_TASK = np.zeros(0)


class BipedalWalker(_EngineEnv, EzPickle):
    """Gymnasium's ``BipedalWalker`` (normal or hardcore), simulated in C++.

    Same constants, same Box2D 2.3 sources, same RNG draws: for a seed and a sequence of actions, observations,
    rewards and flags equal Gymnasium 1.4's to the last bit. Seeding follows Gymnasium: ``reset(seed=s)`` seeds
    ``np_random`` (a numpy PCG64 Generator), later ``reset()`` calls continue that stream, and ``np_random`` always
    reflects the draws the C++ terrain generator made.

    Args:
        render_mode: ``None``, ``"rgb_array"`` or ``"human"`` (pygame), as Gymnasium's; frames are drawn in C++
            and match Gymnasium's within anti-aliasing (see ``tests/test_render.py``).
        hardcore: stumps, stairs and pits (``BipedalWalkerHardcore-v3``).
        render_lidar: draw all ten lidar rays (Gymnasium cycles through them one per frame).
    """

    def __init__(self, render_mode: str | None = None, hardcore: bool = False, render_lidar: bool = False):
        EzPickle.__init__(self, render_mode, hardcore, render_lidar)
        self._init_render(render_mode, render_lidar)
        self.hardcore = bool(hardcore)
        self._core = _core.WalkerEnv("classic", self.hardcore, None, _NO_TASK, _NO_TASK)
        self._init_spaces()

    @exclusive
    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        return self._engine_reset(seed, None), {}
