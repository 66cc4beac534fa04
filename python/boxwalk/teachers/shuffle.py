"""TeachMyAgent's "rugged difficulty" criterion: the teacher sees a task space whose dimensions are cut into equal
intervals and permuted, so that neighbouring tasks in the teacher's space are not neighbours in the real one."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from boxwalk.teachers.base import Teacher


class DimensionShuffler:
    """A piecewise-linear bijection of a box onto itself: each dimension is cut into `intervals` equal intervals,
    and teacher interval k of dimension j is real interval ``perms[j, k]``. The permutations are drawn with
    ``RandomState(seed)``, one ``permutation(intervals)`` per dimension in order (TeachMyAgent draws them with
    RandomState(run seed); the originals do not pin down the exact draw order)."""

    def __init__(self, low: np.ndarray, high: np.ndarray, seed: int, intervals: int = 4):
        if intervals < 2:
            raise ValueError(f"intervals must be at least 2, got {intervals}")
        self.low, self.high = np.asarray(low, np.float64), np.asarray(high, np.float64)
        self.width = (self.high - self.low) / intervals
        self.intervals = intervals
        legacy = np.random.RandomState(seed)
        self.perms = np.array([legacy.permutation(intervals) for _ in range(self.low.size)])
        self.inverse = np.argsort(self.perms, axis=1)

    def _interval(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            k = np.floor((x - self.low) / self.width)
        return np.clip(np.nan_to_num(k), 0, self.intervals - 1).astype(np.int64)  # zero-width dims stay put

    def _move(self, x: np.ndarray, table: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(np.asarray(x, np.float64))
        k = self._interval(x)
        target = np.take_along_axis(table, k.T, axis=1).T
        return np.clip(x + (target - k) * self.width, self.low, self.high)

    def to_real(self, tasks: np.ndarray) -> np.ndarray:
        """Teacher-space tasks (n, d) -> the env's tasks."""
        return self._move(tasks, self.perms)

    def to_teacher(self, tasks: np.ndarray) -> np.ndarray:
        """The env's tasks (n, d) -> teacher space."""
        return self._move(tasks, self.inverse)


class ShuffledTeacher:
    """Wraps a teacher so that it works in a :class:`DimensionShuffler`'s shuffled space while the env gets real
    tasks. Same interface as :class:`Teacher` (sample / update / update_steps / state_dict / load_state_dict);
    ``history`` is the inner teacher's, in shuffled coordinates."""

    def __init__(self, inner: Teacher, shuffler: DimensionShuffler):
        self.inner, self.shuffler = inner, shuffler
        self.name = f"shuffled-{inner.name}"
        self.task_space = inner.task_space

    @property
    def episodes(self) -> int:
        return self.inner.episodes

    @property
    def history(self):
        return self.inner.history

    def sample(self, n: int = 1) -> np.ndarray:
        return self.shuffler.to_real(self.inner.sample(n)).reshape(-1, self.inner.dim)

    def update(self, tasks, returns, successes=None) -> None:
        tasks = np.atleast_2d(np.asarray(tasks, np.float64))
        if tasks.ndim != 2 or tasks.shape[1] != self.inner.dim:
            raise ValueError(f"tasks must have {self.inner.dim} columns, got shape {tasks.shape}")
        self.inner.update(self.shuffler.to_teacher(tasks), returns, successes)

    def run_in_background(self, lag: int) -> None:
        self.inner.run_in_background(lag)

    def update_steps(self, **kwargs: Any) -> None:
        if kwargs.get("tasks") is not None:
            kwargs["tasks"] = self.shuffler.to_teacher(kwargs["tasks"])
        self.inner.update_steps(**kwargs)

    def state_dict(self) -> dict[str, Any]:
        return {"teacher": self.name, "state": {"inner": self.inner.state_dict(),
                                                "perms": self.shuffler.perms.copy()}}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        if state_dict.get("teacher") != self.name:
            raise ValueError(f"state dict is for teacher {state_dict.get('teacher')!r}, not {self.name!r}")
        if not np.array_equal(state_dict["state"]["perms"], self.shuffler.perms):
            raise ValueError("state dict was saved with another dimension shuffle (another seed)")
        self.inner.load_state_dict(copy.deepcopy(state_dict["state"]["inner"]))
