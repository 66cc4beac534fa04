"""A user-given altitude profile (Enhanced POET style): one height per terrain point."""

import numpy as np

from boxwalk import _core
from boxwalk.envs.families.base import Family
from boxwalk.tasks import TaskSpace

TERRAIN_STEP = 14 / 30.0  # world units between terrain points


def task_space() -> TaskSpace:
    n = _core.FAMILIES["heightfield"]["task_size"]
    x = np.arange(n) * TERRAIN_STEP
    profiles = np.stack([
        np.zeros(n),                                    # flat
        2.0 * np.sin(2 * np.pi * x / 30.0),             # long waves
        0.6 * np.sin(2 * np.pi * x / 6.0),              # short waves
        np.clip((x - 20) * 0.15, 0, 6),                 # a climb
        -np.clip((x - 20) * 0.15, 0, 6),                # a descent
    ])
    return TaskSpace([f"h{i}" for i in range(n)], [-1.0] * n, [1.0] * n,
                     limit_low=[-50.0] * n, limit_high=[50.0] * n, test_set=profiles)


FAMILY = Family(name="heightfield", gym_ids={"boxwalk/Heightfield-v0": {}}, task_space=task_space)
