"""The teacher interface shared by every curriculum algorithm."""

from __future__ import annotations

import copy
import sys
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from boxwalk.tasks import SUCCESS_RETURN, TaskSpace

EXPERT_KNOWLEDGE = ("no", "low", "high")
TORCH_STATE = "__torch_state__"


def _is_torch_object(value: Any) -> bool:
    torch = sys.modules.get("torch")  # a teacher holding torch objects has imported it
    return torch is not None and isinstance(value, (torch.nn.Module, torch.optim.Optimizer, torch.Generator))


def _torch_state(obj: Any) -> dict[str, Any]:
    import torch

    if isinstance(obj, torch.nn.Module):
        return {TORCH_STATE: "module", "state": {k: v.detach().clone() for k, v in obj.state_dict().items()}}
    if isinstance(obj, torch.optim.Optimizer):
        return {TORCH_STATE: "optimizer", "state": copy.deepcopy(obj.state_dict())}
    if isinstance(obj, torch.Generator):
        return {TORCH_STATE: "generator", "state": obj.get_state()}
    raise TypeError(f"a teacher attribute of type {type(obj).__name__} cannot be checkpointed")


def _load_torch_state(obj: Any, saved: dict[str, Any]) -> None:
    kind = saved[TORCH_STATE]
    if kind == "generator":
        obj.set_state(saved["state"])
    else:  # module or optimizer
        obj.load_state_dict(saved["state"])


@dataclass
class TeacherHistory:
    """What a teacher did, for plots: every sampled task (with the episode count at sampling time) and
    teacher-specific snapshots (GMM components, regions, boxes) keyed by the episode count they were taken at."""

    sampled_tasks: list[np.ndarray] = field(default_factory=list)
    sampled_at: list[int] = field(default_factory=list)
    snapshots: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def tasks(self) -> np.ndarray:
        return np.concatenate(self.sampled_tasks) if self.sampled_tasks else np.zeros((0, 0))


class Teacher(ABC):
    """A curriculum teacher over a :class:`boxwalk.TaskSpace`, batched for vector envs.

    ``sample(n)`` proposes n tasks (always inside the task box); ``update(tasks, returns, successes)`` reports n
    finished episodes. ``state_dict()``/``load_state_dict()`` checkpoint everything, random state included, so a
    restored teacher continues identically.

    Args:
        task_space: the box to sample from.
        seed: seeds the teacher's own numpy Generator.
        expert_knowledge: ``"no"``, ``"low"`` (the mastery definition: success = return > 230) or ``"high"``
            (also an easy initial distribution, ``initial_mean``/``initial_std``), as in TeachMyAgent.
        initial_mean, initial_std: the expert initial Gaussian (defaults: the box's lower corner, 10 % of the
            range; :func:`boxwalk.teachers.make` fills in TeachMyAgent's choice for the spaces boxwalk ships).
        reward_range: when given, returns are mapped linearly to [0, 1] (clipped) before the algorithm sees them
            (teachDeepRL's normalisation; TeachMyAgent's teachers see raw returns).
    """

    name = "teacher"
    preset_name: str | None = None  # a variant: the algorithm whose preset settings it takes
    requires_expert_knowledge = False

    def __init__(
        self,
        task_space: TaskSpace,
        *,
        seed: int | None = None,
        expert_knowledge: str = "no",
        initial_mean: np.ndarray | None = None,
        initial_std: np.ndarray | None = None,
        reward_range: tuple[float, float] | None = None,
    ):
        if not isinstance(task_space, TaskSpace):
            raise TypeError(f"task_space must be a boxwalk.TaskSpace, got {type(task_space).__name__}")
        if expert_knowledge not in EXPERT_KNOWLEDGE:
            raise ValueError(f"expert_knowledge must be one of {EXPERT_KNOWLEDGE}, got {expert_knowledge!r}")
        if self.requires_expert_knowledge and expert_knowledge == "no":
            raise ValueError(
                f"{self.name} needs at least expert_knowledge='low' (the mastery definition), got 'no'"
            )
        if reward_range is not None and not reward_range[0] < reward_range[1]:
            raise ValueError(f"reward_range must be (low, high) with low < high, got {reward_range}")
        self.task_space = task_space
        self.low = np.asarray(task_space.low, dtype=np.float64)
        self.high = np.asarray(task_space.high, dtype=np.float64)
        self.dim = task_space.dim
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.expert_knowledge = expert_knowledge
        span = self.high - self.low
        self.initial_mean = self._vector(initial_mean, self.low.copy(), "initial_mean")
        self.initial_std = self._vector(initial_std, 0.1 * span, "initial_std")
        self.reward_range = reward_range
        self.episodes = 0
        self.history = TeacherHistory()

    def _vector(self, value, default: np.ndarray, what: str) -> np.ndarray:
        if value is None:
            return default
        a = np.asarray(value, dtype=np.float64).reshape(-1)
        if a.shape != (self.dim,) or not np.all(np.isfinite(a)):
            raise ValueError(f"{what} must be {self.dim} finite values, got {value!r}")
        return a

    # ---- the interface -------------------------------------------------------------------------------------------

    def sample(self, n: int = 1) -> np.ndarray:
        """n tasks, shape (n, d), inside the task box."""
        if not isinstance(n, (int, np.integer)) or n < 0:
            raise ValueError(f"n must be a non-negative integer, got {n!r}")
        tasks = np.clip(np.asarray(self._sample(int(n)), dtype=np.float64).reshape(int(n), self.dim), self.low, self.high)
        self.history.sampled_tasks.append(tasks.copy())
        self.history.sampled_at.append(self.episodes)
        return tasks

    def update(self, tasks, returns, successes=None) -> None:
        """Reports finished episodes: tasks (n, d), their returns (n,) and optionally successes (n,)."""
        tasks = np.atleast_2d(np.asarray(tasks, dtype=np.float64))
        returns = np.atleast_1d(np.asarray(returns, dtype=np.float64))
        if tasks.shape[1] != self.dim:
            raise ValueError(f"tasks must have {self.dim} columns, got shape {tasks.shape}")
        if returns.shape != (tasks.shape[0],):
            raise ValueError(f"returns must have shape ({tasks.shape[0]},), got {returns.shape}")
        if not np.all(np.isfinite(tasks)):
            raise ValueError("tasks contain NaN or inf")
        if not np.all(np.isfinite(returns)):
            raise ValueError("returns contain NaN or inf")
        if successes is None:
            successes = returns > SUCCESS_RETURN
        successes = np.atleast_1d(np.asarray(successes, dtype=bool))
        if successes.shape != returns.shape:
            raise ValueError(f"successes must have shape {returns.shape}, got {successes.shape}")
        scaled = returns if self.reward_range is None else np.clip(
            (returns - self.reward_range[0]) / (self.reward_range[1] - self.reward_range[0]), 0.0, 1.0
        )
        for task, ret, raw, success in zip(tasks, scaled, returns, successes):
            self._update_one(task, float(ret), float(raw), bool(success))
            self.episodes += 1

    def run_in_background(self, lag: int) -> None:
        """Lets the teacher move its expensive work (model fits) off the caller's path, its results taking effect
        ``lag`` episodes later, deterministically. A no-op for teachers without such work."""

    def update_steps(self, **kwargs: Any) -> None:
        """Per-step information (initial states, value estimates) for teachers that use it; a no-op by default."""

    # ---- checkpoints -----------------------------------------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to continue identically: arrays, numpy generators, plain values and the teacher's own
        small state classes; torch networks, optimisers and generators as their state dicts (what a weights-only
        checkpoint load accepts)."""
        state = {k: _torch_state(v) if _is_torch_object(v) else copy.deepcopy(v)
                 for k, v in self.__dict__.items() if k != "task_space"}
        return {"teacher": self.name, "state": state}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        if state_dict.get("teacher") != self.name:
            raise ValueError(f"state dict is for teacher {state_dict.get('teacher')!r}, not {self.name!r}")
        for key, value in copy.deepcopy(state_dict["state"]).items():
            if isinstance(value, dict) and TORCH_STATE in value:
                _load_torch_state(getattr(self, key), value)  # into the object this teacher built, links intact
            else:
                setattr(self, key, value)

    # ---- for subclasses ------------------------------------------------------------------------------------------

    @abstractmethod
    def _sample(self, n: int) -> np.ndarray: ...

    @abstractmethod
    def _update_one(self, task: np.ndarray, ret: float, raw_return: float, success: bool) -> None: ...

    def _uniform(self, n: int) -> np.ndarray:
        return self.rng.uniform(self.low, self.high, size=(n, self.dim))

    def _initial(self, n: int) -> np.ndarray:
        """Draws from the expert initial Gaussian, clipped to the box."""
        return np.clip(self.rng.normal(self.initial_mean, self.initial_std, size=(n, self.dim)), self.low, self.high)

    def _snapshot(self, **data: Any) -> None:
        self.history.snapshots.append((self.episodes, data))
