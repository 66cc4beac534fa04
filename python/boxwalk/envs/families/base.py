"""What a terrain family declares on the Python side (its engine rules are declared in C++: ``_core.FAMILIES``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from boxwalk import _core
from boxwalk.tasks import TaskSpace

ENTRY_POINTS = ("boxwalk.envs.walker:WalkerEnv", "boxwalk.envs.vector:WalkerVectorEnv")


@dataclass(frozen=True)
class Family:
    """One terrain family's Python declaration. Everything else that names families (Gymnasium registration, the
    CLI's ``--env`` choices, ``TrainConfig``, ``boxwalk.terrain.generate``, body checks) iterates these.

    Attributes:
        name: the family's one name, as the C++ table spells it (``"stump_tracks"``).
        gym_ids: Gymnasium id -> extra constructor kwargs (``{"boxwalk/StumpTracks-v0": {}}``).
        task_space: the family's default task space (None: a family without tasks, Gymnasium's classic walker).
        cli_names: ``--env`` name -> extra options (default: the name with hyphens, ``"stump-tracks"``).
        test_sets: named test sets besides ``"default"`` (the task space's own), each built on demand.
        variants: constructor option -> function of its value giving the task space it selects (``level=`` of the
            obstacle course, ``parkour_box=`` of Parkour).
        success_info: steps report TeachMyAgent's ``info["success"]`` (episodic return > 230).
        entry_points: Gymnasium (env, vector env) entry points.
        reward_threshold: Gymnasium's ``reward_threshold`` of the ids.
    """

    name: str
    gym_ids: Mapping[str, Mapping[str, Any]]
    task_space: Callable[[], TaskSpace] | None
    cli_names: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    test_sets: Mapping[str, Callable[[], np.ndarray]] = field(default_factory=dict)
    variants: Mapping[str, Callable[[Any], TaskSpace]] = field(default_factory=dict)
    success_info: bool = False
    entry_points: tuple[str, str] = ENTRY_POINTS
    reward_threshold: float | None = None

    def __post_init__(self) -> None:
        if self.name not in _core.FAMILIES:
            raise ValueError(f"family {self.name!r} has no row in the C++ family table; known: {list(_core.FAMILIES)}")
        if not self.cli_names:
            object.__setattr__(self, "cli_names", {self.name.replace("_", "-"): {}})

    @property
    def rules(self) -> dict[str, Any]:
        """The engine's declared rules for this family (``_core.FAMILIES[name]``)."""
        return _core.FAMILIES[self.name]

    @property
    def has_tasks(self) -> bool:
        return self.task_space is not None

    def time_limit(self, hardcore: bool = False) -> int:
        """The registered ``max_episode_steps``."""
        return self.rules["hardcore_time_limit" if hardcore else "time_limit"]

    def test_set_names(self) -> list[str]:
        """The named test sets ("default" first)."""
        return ["default", *self.test_sets]

    def named_test_set(self, name: str, task_space: TaskSpace) -> np.ndarray:
        """Test set ``name``: "default" is ``task_space``'s own, the others as declared in ``test_sets``."""
        if name == "default":
            if task_space.test_set is None:
                raise ValueError(f"the {self.name} task space has no default test set")
            return task_space.test_set
        if name not in self.test_sets:
            raise ValueError(f"unknown test set {name!r} for {self.name}; valid: {self.test_set_names()}")
        return self.test_sets[name]()


def teachdeeprl_test_set(low, high, n: int = 50) -> np.ndarray:
    """teachDeepRL's test sets: n uniform tasks from numpy's legacy generator seeded 4222 (one draw per task)."""
    legacy = np.random.RandomState(4222)
    return np.array([legacy.uniform(low, high) for _ in range(n)], dtype=np.float64)


def easy_start(space: TaskSpace, initial_mean: np.ndarray, oracle_step: np.ndarray | None,
               teacher: str) -> dict[str, Any]:
    """TeachMyAgent's expert knowledge for a track family: an initial task distribution around ``initial_mean``
    with std 10 % of each range, and the Oracle's step."""
    out: dict[str, Any] = {"initial_mean": np.asarray(initial_mean, dtype=np.float64),
                           "initial_std": 0.1 * (space.high - space.low)}
    if teacher == "oracle" and oracle_step is not None:
        out["step"] = np.asarray(oracle_step, dtype=np.float64)
    return out
