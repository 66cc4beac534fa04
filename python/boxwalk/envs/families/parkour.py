"""TeachMyAgent's Parkour: CPPN-shaped ground and ceiling, water, creepers; every body."""

import numpy as np

from boxwalk.envs.families.base import Family
from boxwalk.tasks import TaskSpace

PARKOUR_NAMES = [
    "input_vector_0", "input_vector_1", "input_vector_2", "water_level",
    "creepers_width", "creepers_height", "creepers_spacing", "terrain_cppn_scale",
]
# TeachMyAgent's benchmark box ("medium" CPPN inputs); creepers_width and the CPPN scale are fixed in training.
PARKOUR_BOXES = {
    "medium": ([-0.35, 0.6, -0.1, 0.0, 0.25, 0.0, 0.0, 10.0], [0.05, 1.0, 0.3, 1.0, 0.25, 4.0, 5.0, 10.0]),
    "easy": ([-0.25, 0.8, 0.0, 0.0, 0.25, 0.0, 0.0, 10.0], [-0.05, 1.0, 0.2, 1.0, 0.25, 4.0, 5.0, 10.0]),
}
PARKOUR_LIMITS = ([-1.0, -1.0, -1.0, 0.0, 0.0, 0.0, 0.0, 1.0], [1.0, 1.0, 1.0, 1.0, 2.0, 10.0, 10.0, 100.0])


def parkour_space(box: str = "medium") -> TaskSpace:
    """Parkour's task space; ``box`` is TeachMyAgent's "medium" (benchmark) or "easy" CPPN-input box."""
    if box not in PARKOUR_BOXES:
        raise ValueError(f"unknown Parkour box {box!r}; valid: {sorted(PARKOUR_BOXES)}")
    low, high = PARKOUR_BOXES[box]
    test = np.random.default_rng(31).uniform(low, high, size=(100, 8))
    return TaskSpace(PARKOUR_NAMES, low, high, limit_low=PARKOUR_LIMITS[0], limit_high=PARKOUR_LIMITS[1],
                     test_set=test)


FAMILY = Family(
    name="parkour",
    gym_ids={"boxwalk/Parkour-v0": {}},
    task_space=parkour_space,
    variants={"parkour_box": parkour_space},
    success_info=True,
)
