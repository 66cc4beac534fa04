"""Gymnasium's BipedalWalker-v3 / BipedalWalkerHardcore-v3, bit for bit, on boxwalk's C++ engine."""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium.utils import EzPickle

from boxwalk import _core
from boxwalk.envs.walker import _check_render_mode, _EngineEnv

_NO_TASK = np.zeros(0)


class BipedalWalker(_EngineEnv, EzPickle):
    """Gymnasium's ``BipedalWalker`` (normal or hardcore), simulated in C++.

    Same constants, same Box2D 2.3 sources, same RNG draws: for a seed and a sequence of actions, observations,
    rewards and flags equal Gymnasium 1.4's to the last bit. Seeding follows Gymnasium: ``reset(seed=s)`` seeds
    ``np_random`` (a numpy PCG64 Generator), later ``reset()`` calls continue that stream, and ``np_random`` always
    reflects the draws the C++ terrain generator made.

    Args:
        render_mode: rendering is not available yet; anything but ``None`` raises ``NotImplementedError``.
        hardcore: stumps, stairs and pits (``BipedalWalkerHardcore-v3``).
    """

    def __init__(self, render_mode: str | None = None, hardcore: bool = False):
        EzPickle.__init__(self, render_mode, hardcore)
        _check_render_mode(render_mode, self.metadata)
        self.render_mode = None
        self.hardcore = bool(hardcore)
        self._core = _core.WalkerEnv("classic", self.hardcore, None, _NO_TASK, _NO_TASK)
        self._init_spaces()

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        return self._engine_reset(seed, None), {}
