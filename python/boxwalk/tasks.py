"""Task spaces: the named, bounded parameter boxes that curriculum teachers sample from."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

TaskLike = Any  # an array of shape (d,) or (n, d), or a mapping name -> value

# A task is mastered when an episode on it returns more than this (TeachMyAgent's definition, strict ">"): used by
# teachers, the envs' info["success"], evaluation, logs and plots alike.
SUCCESS_RETURN = 230.0

ExpertDefaults = Callable[[str, "TaskSpace"], dict]


class TaskSpace:
    """A box of named task parameters.

    Args:
        names: one name per dimension.
        low, high: the box teachers and the fallback sampler draw from.
        limit_low, limit_high: the values an env accepts (default: the box). Papers widen the box within these
            limits (e.g. TeachMyAgent's stump heights up to 9); test sets may lie outside the training box.
        test_set: the family's default test tasks, shape (n, d).
        expert: the expert knowledge the papers gave teachers in this space: ``expert(teacher_name, space)`` returns
            constructor defaults (e.g. an easy initial distribution); see :meth:`teacher_defaults`.

    ``validate`` raises ``ValueError`` naming the dimension and the bound for a task of the wrong length, a NaN or
    infinite value, or a value outside the limits.
    """

    def __init__(
        self,
        names: Sequence[str],
        low: Sequence[float] | np.ndarray,
        high: Sequence[float] | np.ndarray,
        *,
        limit_low: Sequence[float] | np.ndarray | None = None,
        limit_high: Sequence[float] | np.ndarray | None = None,
        test_set: np.ndarray | None = None,
        expert: ExpertDefaults | None = None,
    ):
        self.expert = expert
        self.names: tuple[str, ...] = tuple(str(n) for n in names)
        if len(set(self.names)) != len(self.names):
            raise ValueError(f"task dimension names must be unique, got {self.names}")
        d = len(self.names)
        self.low = self._vector(low, "low", d)
        self.high = self._vector(high, "high", d)
        self.limit_low = self.low.copy() if limit_low is None else self._vector(limit_low, "limit_low", d)
        self.limit_high = self.high.copy() if limit_high is None else self._vector(limit_high, "limit_high", d)
        for i, name in enumerate(self.names):
            if not self.low[i] <= self.high[i]:
                raise ValueError(f"task dimension {name!r}: low {self.low[i]} > high {self.high[i]}")
            if not (self.limit_low[i] <= self.low[i] and self.high[i] <= self.limit_high[i]):
                raise ValueError(
                    f"task dimension {name!r}: box [{self.low[i]}, {self.high[i]}] is outside the limits "
                    f"[{self.limit_low[i]}, {self.limit_high[i]}]"
                )
        for a in (self.low, self.high, self.limit_low, self.limit_high):
            a.setflags(write=False)
        self.test_set = None if test_set is None else self.validate(np.atleast_2d(test_set))
        if self.test_set is not None:
            self.test_set.setflags(write=False)

    @staticmethod
    def _vector(values, what: str, d: int) -> np.ndarray:
        a = np.asarray(values, dtype=np.float64).reshape(-1)
        if a.shape != (d,):
            raise ValueError(f"{what} must have {d} values (one per task dimension), got {a.shape[0]}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{what} must be finite, got {a}")
        return a.copy()

    @property
    def dim(self) -> int:
        return len(self.names)

    def __repr__(self) -> str:
        dims = ", ".join(f"{n}=[{lo:g}, {hi:g}]" for n, lo, hi in zip(self.names, self.low, self.high))
        return f"TaskSpace({dims})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, TaskSpace)
            and self.names == other.names
            and all(np.array_equal(getattr(self, a), getattr(other, a)) for a in ("low", "high", "limit_low", "limit_high"))
        )

    __hash__ = None  # type: ignore[assignment]

    def as_array(self, task: TaskLike) -> np.ndarray:
        """A task (array or mapping name -> value) as float64 values, validated; keeps a leading batch axis."""
        if isinstance(task, Mapping):
            unknown = set(task) - set(self.names)
            missing = [n for n in self.names if n not in task]
            if unknown:
                raise ValueError(f"unknown task dimension(s) {sorted(unknown)}; valid: {list(self.names)}")
            if missing:
                raise ValueError(f"task is missing dimension(s) {missing}")
            task = [task[n] for n in self.names]
        return self.validate(task)

    def validate(self, tasks: TaskLike) -> np.ndarray:
        """Checks one task (shape (d,)) or a batch (shape (n, d)); returns it as a new float64 array."""
        try:
            a = np.array(tasks, dtype=np.float64)
        except (TypeError, ValueError) as e:
            raise ValueError(f"a task must be numeric, got {tasks!r}") from e
        if a.ndim not in (1, 2) or a.shape[-1] != self.dim:
            raise ValueError(f"a task has {self.dim} values {list(self.names)}; got an array of shape {a.shape}")
        rows = a.reshape(-1, self.dim)
        for j, name in enumerate(self.names):
            col = rows[:, j]
            bad = ~np.isfinite(col)
            if bad.any():
                raise ValueError(f"task dimension {name!r} is {col[bad][0]} (row {int(np.argmax(bad))}); must be finite")
            below, above = col < self.limit_low[j], col > self.limit_high[j]
            if below.any():
                raise ValueError(
                    f"task dimension {name!r} = {col[below][0]:g} is below its lower bound {self.limit_low[j]:g}"
                )
            if above.any():
                raise ValueError(
                    f"task dimension {name!r} = {col[above][0]:g} is above its upper bound {self.limit_high[j]:g}"
                )
        return a

    def to_dict(self, task: np.ndarray) -> dict[str, float]:
        """One task as {name: value}."""
        a = self.validate(task)
        if a.ndim != 1:
            raise ValueError("to_dict takes one task")
        return {n: float(v) for n, v in zip(self.names, a)}

    def sample(self, n: int, rng: np.random.Generator | int | None = None) -> np.ndarray:
        """n tasks uniform in the box, shape (n, d)."""
        rng = np.random.default_rng(rng)
        return rng.uniform(self.low, self.high, size=(int(n), self.dim))

    def contains(self, task: TaskLike) -> bool:
        a = np.asarray(task, dtype=np.float64)
        return bool(np.all((a >= self.low) & (a <= self.high)))

    def with_box(self, **bounds: tuple[float, float]) -> TaskSpace:
        """A copy with some dimensions' boxes replaced (widened or narrowed within the limits)."""
        unknown = set(bounds) - set(self.names)
        if unknown:
            raise ValueError(f"unknown task dimension(s) {sorted(unknown)}; valid: {list(self.names)}")
        low, high = self.low.copy(), self.high.copy()
        for name, (lo, hi) in bounds.items():
            j = self.names.index(name)
            low[j], high[j] = lo, hi
        return TaskSpace(
            self.names, low, high, limit_low=self.limit_low, limit_high=self.limit_high, test_set=self.test_set,
            expert=self.expert,
        )

    def teacher_defaults(self, teacher: str) -> dict[str, Any]:
        """The expert knowledge for teacher ``teacher`` in this box (``{}`` when the space has none)."""
        return {} if self.expert is None else self.expert(teacher, self)
