"""The POET / dcd obstacle course: roughness, pits, stumps and stairs from dcd's 8-D level vector, and its named
test levels."""

import numpy as np

from boxwalk.envs.families.base import Family
from boxwalk.tasks import TaskSpace

OBSTACLE_COURSE_NAMES = [
    "ground_roughness", "pit_gap_a", "pit_gap_b", "stump_height_a", "stump_height_b",
    "stair_height_a", "stair_height_b", "stair_steps",
]
FULL_LOW = [0, 0, 0, 0, 0, 0, 0, 1]
FULL_HIGH = [10, 10, 10, 5, 5, 5, 5, 9]

# dcd's named test levels (walker_test_envs.py) as 8-D vectors. XChal is a box: it is redrawn at every reset.
OBSTACLE_LEVELS: dict[str, list[float]] = {
    "Default": [0, 0, 0, 0, 0, 0, 0, 1],
    "Med-Roughness": [5, 0, 0, 0, 0, 0, 0, 1],
    "High-Roughness": [9, 0, 0, 0, 0, 0, 0, 1],
    "Med-StumpHeight": [0, 0, 0, 2, 2, 0, 0, 1],
    "High-StumpHeight": [0, 0, 0, 5, 5, 0, 0, 1],
    "Med-PitGap": [0, 5, 5, 0, 0, 0, 0, 1],
    "Wide-PitGap": [0, 10, 10, 0, 0, 0, 0, 1],
    "Med-Stairs": [0, 0, 0, 0, 0, 2, 2, 5],
    "High-Stairs": [0, 0, 0, 0, 0, 5, 5, 9],
    "Insane": [9, 10, 10, 5, 5, 5, 5, 9],
    "POET-Rose-1a": [5.6, 4.48, 6.4, 2.4, 2.82, 0, 0, 1],
    "POET-Rose-1b": [5.44, 4.48, 6.72, 1.8, 2.82, 0, 0, 1],
    "POET-Rose-2a": [7.2, 5.6, 7.2, 1.98, 2.82, 0, 0, 1],
    "POET-Rose-2b": [5.76, 1.6, 7.2, 2.16, 2.76, 0, 0, 1],
    "POET-Rose-3a": [5.28, 4.8, 7.2, 1.98, 2.76, 0, 0, 1],
    "POET-Rose-3b": [4.8, 4.8, 4.48, 2.4, 2.76, 0, 0, 1],
}
# XChal: roughness U(4.5, 8), stumps [0, U(2.4, 3)], pits [0, U(6, 8)], redrawn per reset.
OBSTACLE_XCHAL_BOX = ([4.5, 0, 6, 0, 2.4, 0, 0, 1], [8, 0, 8, 0, 3, 0, 0, 1])
# dcd's "bipedal" evaluation suite, the default test set of the family.
OBSTACLE_TEST_LEVELS = ["Med-Stairs", "Med-PitGap", "Med-StumpHeight", "Med-Roughness"]


def expert_defaults(teacher: str, space: TaskSpace) -> dict:
    """ACCEL's start on dcd's easy levels and its per-dimension edit steps (roughness: U(0, 0.6) per edit)."""
    if teacher != "accel":
        return {}
    return {"easy_box": (np.array([0, 0, 0.8, 0, 0.4, 0, 0.4, 1.0]), np.array([0.6, 0, 0.8, 0, 0.4, 0, 0.4, 1.0])),
            "mutation_step": np.array([0.6, 0.4, 0.4, 0.2, 0.2, 0.2, 0.2, 1.0]),
            "mutation_uniform": np.array([1, 0, 0, 0, 0, 0, 0, 0])}


def task_space() -> TaskSpace:
    test = np.array([OBSTACLE_LEVELS[n] for n in OBSTACLE_TEST_LEVELS], dtype=np.float64)
    return TaskSpace(OBSTACLE_COURSE_NAMES, FULL_LOW, FULL_HIGH, test_set=test, expert=expert_defaults)


def obstacle_level_space(level: str) -> TaskSpace:
    """The task space of a named level: the level's point (or XChal's box) inside the full limits."""
    if level == "XChal":
        low, high = OBSTACLE_XCHAL_BOX
    elif level in OBSTACLE_LEVELS:
        low = high = OBSTACLE_LEVELS[level]
    else:
        raise ValueError(f"unknown obstacle-course level {level!r}; valid: {sorted([*OBSTACLE_LEVELS, 'XChal'])}")
    return TaskSpace(
        OBSTACLE_COURSE_NAMES, low, high, limit_low=FULL_LOW, limit_high=FULL_HIGH,
        test_set=np.array([low], dtype=np.float64), expert=expert_defaults,
    )


FAMILY = Family(
    name="obstacle_course",
    gym_ids={"boxwalk/ObstacleCourse-v0": {},
             **{f"boxwalk/ObstacleCourse-{level}-v0": {"level": level} for level in [*OBSTACLE_LEVELS, "XChal"]}},
    task_space=task_space,
    variants={"level": obstacle_level_space},
)
