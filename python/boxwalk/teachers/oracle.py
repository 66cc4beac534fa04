"""Oracle (teachDeepRL): a hand-designed sliding window moving towards harder tasks when mastered."""

from __future__ import annotations

import numpy as np

from boxwalk.tasks import SUCCESS_RETURN
from boxwalk.teachers.base import Teacher


class Oracle(Teacher):
    """A window of size `window_ratio` x range per dimension, starting at the easy end (the low end for dimensions
    with a positive step, the high end for a negative one). Tasks are uniform in the window; every
    `update_frequency` episodes, if the mean raw return exceeds `mastery_return`, the window moves by `step`.

    `step` defaults to +range/30 per dimension; :func:`boxwalk.teachers.make` sets teachDeepRL's steps for Stump
    Tracks (+0.1 height, -0.2 spacing) and Hexagon Tracks (0.1 everywhere).
    """

    name = "oracle"

    def __init__(self, task_space, *, step=None, window_ratio: float = 1 / 6, update_frequency: int = 50,
                 mastery_return: float = SUCCESS_RETURN, **kwargs):
        super().__init__(task_space, **kwargs)
        span = self.high - self.low
        self.step = self._vector(step, span / 30.0, "step")
        self.window = window_ratio * span
        self.window_low = np.where(self.step >= 0, self.low, self.high - self.window)
        self.update_frequency, self.mastery_return = int(update_frequency), mastery_return
        self.recent: list[float] = []

    def _sample(self, n: int) -> np.ndarray:
        return self.rng.uniform(self.window_low, self.window_low + self.window, size=(n, self.dim))

    def _update_one(self, task, ret, raw_return, success) -> None:
        self.recent.append(raw_return)
        if len(self.recent) >= self.update_frequency:
            if np.mean(self.recent) > self.mastery_return:
                self.window_low = np.clip(self.window_low + self.step, self.low, self.high - self.window)
                self._snapshot(window_low=self.window_low.copy(), window=self.window.copy())
            self.recent = []
