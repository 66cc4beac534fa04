"""Hexagon Tracks (teachDeepRL): obstacles shaped by 12 task values offsetting a hexagon's vertices."""

from boxwalk.envs.families.base import Family, easy_start, teachdeeprl_test_set
from boxwalk.tasks import TaskSpace

LOW, HIGH = [0.0] * 12, [4.0] * 12


def expert_defaults(teacher: str, space: TaskSpace) -> dict:
    """Start from the plain hexagon (all offsets at their lower bound)."""
    return easy_start(space, space.low.copy(), [0.1] * 12, teacher)


def task_space() -> TaskSpace:
    names = [f"{axis}{j}" for j in range(6) for axis in ("dx", "dy")]
    return TaskSpace(names, LOW, HIGH, test_set=teachdeeprl_test_set(LOW, HIGH), expert=expert_defaults)


FAMILY = Family(
    name="hexagon_tracks",
    gym_ids={"boxwalk/HexagonTracks-v0": {}},
    task_space=task_space,
    test_sets={"teachdeeprl": lambda: teachdeeprl_test_set(LOW, HIGH)},
)
