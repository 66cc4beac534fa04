"""The terrain families, one module each. A family's engine rules are declared in C++ (``_core.FAMILIES``); its
module here declares the rest: task space, test sets, named levels, Gymnasium ids, CLI name, the teachers' expert
knowledge. Everything that names families iterates :data:`FAMILIES`.

Adding a family: a generator file in ``cpp/terrain/`` (with its ``TerrainFamily``), one line in
``cpp/terrain/family.cpp``, a module here and one line in the tuple below (see README, "Adding a terrain family").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from boxwalk import _core
from boxwalk.envs.families import classic, gaps, heightfield, hexagon_tracks, obstacle_course, parkour, stump_tracks
from boxwalk.envs.families.base import Family, teachdeeprl_test_set
from boxwalk.envs.families.cppn import core_cppn, default_cppn_arrays, load_cppn_arrays
from boxwalk.envs.families.obstacle_course import OBSTACLE_LEVELS, obstacle_level_space
from boxwalk.envs.families.parkour import parkour_space
from boxwalk.tasks import TaskSpace

FAMILIES: dict[str, Family] = {
    module.FAMILY.name: module.FAMILY
    for module in (classic, stump_tracks, hexagon_tracks, obstacle_course, heightfield, parkour, gaps)
}
_missing = sorted(set(_core.FAMILIES) - set(FAMILIES))
if _missing:
    raise ImportError(f"C++ families without a Python module: {_missing}")

DEFAULT_BODY = "old_classic_bipedal"


def family(name: str) -> Family:
    """The family called ``name``; ValueError naming the valid ones."""
    if name not in FAMILIES:
        raise ValueError(f"unknown terrain family {name!r}; valid: {sorted(FAMILIES)}")
    return FAMILIES[name]


def task_families() -> list[str]:
    """The families driven by tasks (all but Gymnasium's classic walker)."""
    return [name for name, f in FAMILIES.items() if f.has_tasks]


def cli_envs() -> dict[str, tuple[Family, dict[str, Any]]]:
    """``--env`` name -> (family, its extra options), over every family."""
    return {cli: (f, dict(options)) for f in FAMILIES.values() for cli, options in f.cli_names.items()}


def body_names(family_name: str | None = None) -> list[str]:
    """TeachMyAgent's names of the bodies boxwalk has; with ``family_name``, those that family takes (Gymnasium's
    classic family: its own walker only; Parkour: every body; the other families: the walkers)."""
    if family_name is None:
        return list(_core.BODIES)
    return list(family(family_name).rules["bodies"])


def resolve_task_space(name: str, task_space: TaskSpace | None, variant: dict[str, Any],
                       cppn_weights: Any) -> TaskSpace | None:
    """The task space an env of family ``name`` uses: the family's default, or the one a variant option selects
    (``level=``, ``parkour_box=``), or ``task_space`` within its limits. Checks that family-specific options go with
    their family."""
    spec = family(name)
    if cppn_weights is not None and not spec.rules["needs_cppn"]:
        takers = "/".join(n for n, f in FAMILIES.items() if f.rules["needs_cppn"])
        raise ValueError(f"cppn_weights= is only for the {takers} family")
    given = {k: v for k, v in variant.items() if v is not None}
    for option in given:
        if option not in spec.variants:
            takers = "/".join(n for n, f in FAMILIES.items() if option in f.variants)
            raise ValueError(f"{option}= is only for the {takers} family")
    if spec.task_space is None:
        if task_space is not None:
            raise ValueError(f"the {name} family has no tasks: it takes no task_space")
        return None
    default = spec.task_space()
    for option, value in given.items():
        default = spec.variants[option](value)
    if task_space is None:
        return default
    if not isinstance(task_space, TaskSpace) or task_space.names != default.names:
        raise ValueError(f"task_space must be a boxwalk.TaskSpace with dimensions {list(default.names)}")
    if np.any(task_space.limit_low < default.limit_low) or np.any(task_space.limit_high > default.limit_high):
        raise ValueError(
            f"task_space limits must stay within the family's limits [{default.limit_low}, {default.limit_high}]"
        )
    return task_space


def test_set_names(family_name: str) -> list[str]:
    """The named test sets of a family ("default" first)."""
    return family(family_name).test_set_names()


def named_test_set(family_name: str, name: str, task_space: TaskSpace) -> np.ndarray:
    """Test set ``name`` of a family: "default" is the task space's own (TeachMyAgent's 10x10 grid for Stump
    Tracks), "teachdeeprl" teachDeepRL's 50 uniform tasks where the family has them."""
    return family(family_name).named_test_set(name, task_space)


__all__ = ["DEFAULT_BODY", "FAMILIES", "OBSTACLE_LEVELS", "Family", "body_names", "cli_envs", "core_cppn",
           "default_cppn_arrays", "family", "load_cppn_arrays", "named_test_set", "obstacle_level_space",
           "parkour_space", "resolve_task_space", "task_families", "teachdeeprl_test_set", "test_set_names"]
