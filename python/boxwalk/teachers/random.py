"""Random: tasks uniform in the box."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.base import Teacher


class RandomTeacher(Teacher):
    """Uniform sampling in the task box (the baseline of every curriculum paper)."""

    name = "random"

    def _sample(self, n: int) -> np.ndarray:
        return self._uniform(n)

    def _update_one(self, task: np.ndarray, ret: float, raw_return: float, success: bool) -> None:
        pass
