"""Curriculum teachers: every ACL teacher of teachDeepRL and TeachMyAgent, plus dcd's PLR-perp, ACCEL and DR.

    from boxwalk import teachers
    teacher = teachers.make("alp-gmm", env.task_space, seed=0)      # TeachMyAgent's hyper-parameters
    tasks = teacher.sample(64)                                       # (64, d), inside the box
    teacher.update(tasks, returns)                                   # finished episodes, batched

``teachers.names()`` lists the teachers; ``preset="teachdeeprl"`` switches to teachDeepRL's settings (including its
[0, 1] reward normalisation). Keyword overrides go to the teacher's constructor.
"""

from __future__ import annotations

from typing import Any


from boxwalk.tasks import TaskSpace
from boxwalk.teachers.accel import ACCEL
from boxwalk.teachers.adr import ADR
from boxwalk.teachers.alp_gmm import ALPGMM, ALPGMMFloor
from boxwalk.teachers.base import Teacher, TeacherHistory
from boxwalk.teachers.covar_gmm import CovarGMM
from boxwalk.teachers.goal_gan import GoalGAN
from boxwalk.teachers.oracle import Oracle
from boxwalk.teachers.plr import PLR, DomainRandomization
from boxwalk.teachers.random import RandomTeacher
from boxwalk.teachers.riac import RIAC
from boxwalk.teachers.setter_solver import SetterSolver
from boxwalk.teachers.shuffle import DimensionShuffler, ShuffledTeacher
from boxwalk.teachers.spdl import SPDL

TEACHERS: dict[str, type[Teacher]] = {
    cls.name: cls
    for cls in (RandomTeacher, ALPGMM, ALPGMMFloor, CovarGMM, RIAC, Oracle, ADR, SPDL, GoalGAN, SetterSolver, PLR,
                ACCEL, DomainRandomization)
}

TEACHDEEPRL_REWARD_RANGE = (-150.0, 350.0)

# TeachMyAgent's benchmark settings (its paper's appendix) and teachDeepRL's code defaults. Teachers that
# teachDeepRL does not have keep their TeachMyAgent / dcd settings under both presets.
PRESETS: dict[str, dict[str, dict[str, Any]]] = {
    "teachmyagent": {
        "alp-gmm": {"fit_rate": 150, "potential_ks": range(2, 10), "random_task_ratio": 0.05},
        "covar-gmm": {"fit_rate": 150, "potential_ks": range(2, 15), "random_task_ratio": 0.1},
        "riac": {"max_region_size": 150, "nb_split_attempts": 75, "min_region_size": 7.5,
                 "min_dims_range_ratio": 0.1, "discard_ratio": 0.25},
        "adr": {"step_size": 0.1, "boundary_sampling_p": 0.7, "min_reward_thr": 0.0, "max_reward_thr": 180.0,
                "queue_len": 10},
        "spdl": {"update_offset": 200, "update_frequency": 50, "alpha_offset": 10, "zeta": 0.25, "max_kl": 0.1},
        "goal-gan": {"noise_level": 0.1, "update_size": 100, "p_old": 0.1, "n_rollouts": 2, "pretrain": True},
        "setter-solver": {"update_frequency": 50, "noise_ub": 0.1, "hidden_size": 64},
        # dcd's BipedalWalker configs (bipedal_robust_plr / bipedal_accel / bipedal_dr)
        "plr": {"buffer_size": 1000, "replay_prob": 0.5, "rho": 0.5, "staleness_coef": 0.5, "temperature": 0.1,
                "score_function": "positive_value_loss", "robust": True},
        "accel": {"buffer_size": 1000, "replay_prob": 0.9, "rho": 0.5, "staleness_coef": 0.5, "temperature": 0.1,
                  "num_edits": 3, "score_function": "positive_value_loss", "robust": True},
        "dr": {"buffer_size": 1000, "replay_prob": 0.0, "rho": 0.5, "staleness_coef": 0.5, "temperature": 0.1,
               "robust": False},
    },
    "teachdeeprl": {
        "alp-gmm": {"fit_rate": 250, "potential_ks": range(2, 11), "random_task_ratio": 0.2,
                    "reward_range": TEACHDEEPRL_REWARD_RANGE},
        "covar-gmm": {"fit_rate": 250, "potential_ks": range(2, 11), "random_task_ratio": 0.2,
                      "reward_range": TEACHDEEPRL_REWARD_RANGE},
        "riac": {"max_region_size": 200, "nb_split_attempts": 50, "min_region_size": 10,
                 "min_dims_range_ratio": 1 / 15, "discard_ratio": 0.25, "reward_range": TEACHDEEPRL_REWARD_RANGE},
        "random": {"reward_range": TEACHDEEPRL_REWARD_RANGE},
    },
}

def names() -> list[str]:
    """The teacher names accepted by :func:`make`."""
    return list(TEACHERS)


def make(name: str, task_space: TaskSpace, *, seed: int | None = None, preset: str = "teachmyagent",
         expert_knowledge: str | None = None, shuffle_dimensions: bool = False,
         **overrides: Any) -> Teacher | ShuffledTeacher:
    """Builds teacher `name` over `task_space` with `preset`'s hyper-parameters, then `overrides`.

    `expert_knowledge` defaults to "low" for teachers that need the mastery definition (ADR, GoalGAN,
    Setter-Solver) and "no" otherwise. `shuffle_dimensions` (TeachMyAgent's "rugged difficulty" criterion) makes the
    teacher work in a space whose dimensions are cut into 4 intervals permuted with RandomState(seed); the expert
    initial mean is mapped into that space (SPDL's target, the box centre, is not).
    """
    if name not in TEACHERS:
        raise ValueError(f"unknown teacher {name!r}; valid: {names()}")
    if not isinstance(task_space, TaskSpace):
        raise TypeError(f"task_space must be a boxwalk.TaskSpace, got {type(task_space).__name__}")
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; valid: {sorted(PRESETS)}")
    cls = TEACHERS[name]
    settings = cls.preset_name or name  # a variant takes its algorithm's settings
    kwargs: dict[str, Any] = dict(PRESETS["teachmyagent"].get(settings, {}))
    if preset != "teachmyagent":
        kwargs.update(PRESETS[preset].get(settings, {}))
    kwargs.update(task_space.teacher_defaults(settings))  # the family's expert knowledge (easy start, edit steps)
    if expert_knowledge is None:
        expert_knowledge = "low" if cls.requires_expert_knowledge else "no"
    kwargs.update(overrides)
    if not shuffle_dimensions:
        return cls(task_space, seed=seed, expert_knowledge=expert_knowledge, **kwargs)
    shuffler = DimensionShuffler(task_space.low, task_space.high, 0 if seed is None else seed)
    if kwargs.get("initial_mean") is not None:
        kwargs["initial_mean"] = shuffler.to_teacher(kwargs["initial_mean"])[0]
    return ShuffledTeacher(cls(task_space, seed=seed, expert_knowledge=expert_knowledge, **kwargs), shuffler)


__all__ = ["ACCEL", "ADR", "ALPGMM", "ALPGMMFloor", "DomainRandomization", "PLR", "RIAC", "SPDL", "CovarGMM", "DimensionShuffler", "GoalGAN",
           "Oracle", "RandomTeacher", "SetterSolver", "ShuffledTeacher", "Teacher", "TeacherHistory", "make", "names"]
