"""Stump Tracks (teachDeepRL, TeachMyAgent): stumps of a task-given mean height at a task-given spacing."""

import numpy as np

from boxwalk.envs.families.base import Family, easy_start, teachdeeprl_test_set
from boxwalk.tasks import TaskSpace


def expert_defaults(teacher: str, space: TaskSpace) -> dict:
    """TeachMyAgent's easy start: no stumps, the widest spacing; the Oracle raises heights and closes gaps."""
    return easy_start(space, [space.low[0], space.high[1]], [0.1, -0.2], teacher)


def task_space() -> TaskSpace:
    """TeachMyAgent's box (heights [0, 3], spacings [0, 6]) in wider limits, with its 10 x 10 test grid."""
    heights, spacings = np.linspace(0, 3, 10), np.linspace(0, 6, 10)
    grid = np.stack([np.tile(heights, 10), np.repeat(spacings, 10)], axis=1)  # height varies fastest
    return TaskSpace(
        ["stump_height", "obstacle_spacing"], [0.0, 0.0], [3.0, 6.0],
        limit_low=[-3.0, 0.0], limit_high=[9.0, 20.0], test_set=grid, expert=expert_defaults,
    )


FAMILY = Family(
    name="stump_tracks",
    gym_ids={"boxwalk/StumpTracks-v0": {}},
    task_space=task_space,
    test_sets={"teachdeeprl": lambda: teachdeeprl_test_set([0.0, 0.0], [3.0, 6.0])},
    success_info=True,
)
