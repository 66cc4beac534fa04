"""Gaps: flat ground broken by pits of a task-given width, a task-given distance apart."""

import numpy as np

from boxwalk.envs.families.base import Family, easy_start
from boxwalk.tasks import TaskSpace


def expert_defaults(teacher: str, space: TaskSpace) -> dict:
    """Start with the narrowest gaps, farthest apart; the Oracle widens them and brings them closer."""
    return easy_start(space, [space.low[0], space.high[1]], [0.1, -0.2], teacher)


def task_space() -> TaskSpace:
    """Widths [0, 2.5] (the classic walker's leg reach is about 2), spacings [1, 6] world units, in wider limits;
    a 10 x 10 test grid over the box (width varies fastest)."""
    widths, spacings = np.linspace(0, 2.5, 10), np.linspace(1, 6, 10)
    grid = np.stack([np.tile(widths, 10), np.repeat(spacings, 10)], axis=1)
    return TaskSpace(["gap_width", "gap_spacing"], [0.0, 1.0], [2.5, 6.0], limit_low=[0.0, 0.5],
                     limit_high=[6.0, 20.0], test_set=grid, expert=expert_defaults)


FAMILY = Family(name="gaps", gym_ids={"boxwalk/Gaps-v0": {}}, task_space=task_space, success_info=True)
