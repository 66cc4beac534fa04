"""The terrain families: task spaces, default test sets, observation layouts, named levels and CPPN weights."""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from boxwalk import _core
from boxwalk.tasks import TaskSpace

TERRAIN_STEP = 14 / 30.0


@dataclass(frozen=True)
class Family:
    """What the Python layer needs to know about a C++ terrain family."""

    name: str
    task_space: Callable[[], TaskSpace]
    parkour_layout: bool = False  # TeachMyAgent's Parkour observation (36 values for the biped)
    success_info: bool = False  # TeachMyAgent's info["success"] = episodic return > 230
    reward_range: tuple[float, float] = (-150.0, 350.0)  # TeachMyAgent's bounds for optional reward scaling


def _stump_tracks_space() -> TaskSpace:
    heights, spacings = np.linspace(0, 3, 10), np.linspace(0, 6, 10)
    grid = np.stack([np.tile(heights, 10), np.repeat(spacings, 10)], axis=1)  # height varies fastest
    return TaskSpace(
        ["stump_height", "obstacle_spacing"], [0.0, 0.0], [3.0, 6.0],
        limit_low=[-3.0, 0.0], limit_high=[9.0, 20.0], test_set=grid,
    )


def teachdeeprl_test_set(low, high, n: int = 50) -> np.ndarray:
    """teachDeepRL's test sets: n uniform tasks from numpy's legacy generator seeded 4222 (one draw per task)."""
    legacy = np.random.RandomState(4222)
    return np.array([legacy.uniform(low, high) for _ in range(n)], dtype=np.float64)


def _hexagon_tracks_space() -> TaskSpace:
    names = [f"{axis}{j}" for j in range(6) for axis in ("dx", "dy")]
    return TaskSpace(names, [0.0] * 12, [4.0] * 12, test_set=teachdeeprl_test_set([0.0] * 12, [4.0] * 12))


OBSTACLE_COURSE_NAMES = [
    "ground_roughness", "pit_gap_a", "pit_gap_b", "stump_height_a", "stump_height_b",
    "stair_height_a", "stair_height_b", "stair_steps",
]
_OBSTACLE_FULL_LOW = [0, 0, 0, 0, 0, 0, 0, 1]
_OBSTACLE_FULL_HIGH = [10, 10, 10, 5, 5, 5, 5, 9]

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


def _obstacle_course_space() -> TaskSpace:
    test = np.array([OBSTACLE_LEVELS[n] for n in OBSTACLE_TEST_LEVELS], dtype=np.float64)
    return TaskSpace(OBSTACLE_COURSE_NAMES, _OBSTACLE_FULL_LOW, _OBSTACLE_FULL_HIGH, test_set=test)


def obstacle_level_space(level: str) -> TaskSpace:
    """The task space of a named level: the level's point (or XChal's box) inside the full limits."""
    if level == "XChal":
        low, high = OBSTACLE_XCHAL_BOX
    elif level in OBSTACLE_LEVELS:
        low = high = OBSTACLE_LEVELS[level]
    else:
        raise ValueError(f"unknown obstacle-course level {level!r}; valid: {sorted([*OBSTACLE_LEVELS, 'XChal'])}")
    return TaskSpace(
        OBSTACLE_COURSE_NAMES, low, high, limit_low=_OBSTACLE_FULL_LOW, limit_high=_OBSTACLE_FULL_HIGH,
        test_set=np.array([low], dtype=np.float64),
    )


def _heightfield_space() -> TaskSpace:
    n = _core.HEIGHTFIELD_POINTS
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


PARKOUR_NAMES = [
    "input_vector_0", "input_vector_1", "input_vector_2", "water_level",
    "creepers_width", "creepers_height", "creepers_spacing", "terrain_cppn_scale",
]
# TeachMyAgent's benchmark box ("medium" CPPN inputs); creepers_width and the CPPN scale are fixed in training.
PARKOUR_BOXES = {
    "medium": ([-0.35, 0.6, -0.1, 0.0, 0.25, 0.0, 0.0, 10.0], [0.05, 1.0, 0.3, 1.0, 0.25, 4.0, 5.0, 10.0]),
    "easy": ([-0.25, 0.8, 0.0, 0.0, 0.25, 0.0, 0.0, 10.0], [-0.05, 1.0, 0.2, 1.0, 0.25, 4.0, 5.0, 10.0]),
}
_PARKOUR_LIMITS = ([-1.0, -1.0, -1.0, 0.0, 0.0, 0.0, 0.0, 1.0], [1.0, 1.0, 1.0, 1.0, 2.0, 10.0, 10.0, 100.0])


def parkour_space(box: str = "medium") -> TaskSpace:
    """Parkour's task space; ``box`` is TeachMyAgent's "medium" (benchmark) or "easy" CPPN-input box."""
    if box not in PARKOUR_BOXES:
        raise ValueError(f"unknown Parkour box {box!r}; valid: {sorted(PARKOUR_BOXES)}")
    low, high = PARKOUR_BOXES[box]
    test = np.random.default_rng(31).uniform(low, high, size=(100, 8))
    return TaskSpace(PARKOUR_NAMES, low, high, limit_low=_PARKOUR_LIMITS[0], limit_high=_PARKOUR_LIMITS[1],
                     test_set=test)


FAMILIES: dict[str, Family] = {
    "stump_tracks": Family("stump_tracks", _stump_tracks_space, success_info=True),
    "hexagon_tracks": Family("hexagon_tracks", _hexagon_tracks_space),
    "obstacle_course": Family("obstacle_course", _obstacle_course_space),
    "heightfield": Family("heightfield", _heightfield_space),
    "parkour": Family("parkour", parkour_space, parkour_layout=True, success_info=True, reward_range=(-150.0, 360.0)),
}


# Alternative test sets by family; "default" is always the task space's own test set.
EXTRA_TEST_SETS: dict[str, dict[str, Callable[[], np.ndarray]]] = {
    "stump_tracks": {"teachdeeprl": lambda: teachdeeprl_test_set([0.0, 0.0], [3.0, 6.0])},
    "hexagon_tracks": {"teachdeeprl": lambda: teachdeeprl_test_set([0.0] * 12, [4.0] * 12)},
}


def test_set_names(family_name: str) -> list[str]:
    """The named test sets of a family ("default" first)."""
    return ["default", *EXTRA_TEST_SETS.get(family_name, {})]


def named_test_set(family_name: str, name: str, task_space: TaskSpace) -> np.ndarray:
    """Test set ``name`` of a family: "default" is the task space's own (TeachMyAgent's 10x10 grid for Stump
    Tracks), "teachdeeprl" teachDeepRL's 50 uniform tasks where the family has them."""
    if name == "default":
        if task_space.test_set is None:
            raise ValueError(f"the {family_name} task space has no default test set")
        return task_space.test_set
    table = EXTRA_TEST_SETS.get(family_name, {})
    if name not in table:
        raise ValueError(f"unknown test set {name!r} for {family_name}; valid: {test_set_names(family_name)}")
    return table[name]()


def family(name: str) -> Family:
    if name not in FAMILIES:
        raise ValueError(f"unknown terrain family {name!r}; valid: {sorted(FAMILIES)}")
    return FAMILIES[name]


# ---- observation spaces -------------------------------------------------------------------------------------------

BIPED_MOTOR_CONTACTS = (False, True, False, True)  # hip, knee (with the lower leg's contact bit), per leg


def observation_bounds(parkour_layout: bool, motor_contacts: Sequence[bool] = BIPED_MOTOR_CONTACTS,
                       grasp_sensors: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Gymnasium's BipedalWalker bounds, with its per-motor convention (angle +-pi, speed +-5, contact bit
    [-0, 5]) for every motor of the body, then [0, 1] for the two flags (touching, holding) of each grasp sensor;
    the Parkour layout adds the water/death flags and lidar surface codes."""
    pi = math.pi
    hull_high, hull_low = [pi, 5.0, 5.0, 5.0], [-pi, -5.0, -5.0, -5.0]
    flags_high, flags_low = ([1.0, 1.0], [0.0, 0.0]) if parkour_layout else ([], [])
    motor_high, motor_low = [], []
    for contact in motor_contacts:
        motor_high += [pi, 5.0] + ([5.0] if contact else [])
        motor_low += [-pi, -5.0] + ([-0.0] if contact else [])
    motor_high += [1.0, 1.0] * grasp_sensors
    motor_low += [0.0, 0.0] * grasp_sensors
    surface_high, surface_low = ([1.0] * 10, [-1.0] * 10) if parkour_layout else ([], [])
    high = np.array(hull_high + flags_high + motor_high + [1.0] * 10 + surface_high).astype(np.float32)
    low = np.array(hull_low + flags_low + motor_low + [-1.0] * 10 + surface_low).astype(np.float32)
    return low, high


DEFAULT_BODY = "old_classic_bipedal"


def body_names(family: str | None = None) -> list[str]:
    """TeachMyAgent's names of the bodies boxwalk has; with ``family``, those that family supports (Gymnasium's
    classic family: its own walker only; Parkour: every body; the other families: the walkers)."""
    if family is None:
        return list(_core.BODIES)
    if family == "classic":
        return [DEFAULT_BODY]
    return [name for name, kind in _core.BODIES.items() if family == "parkour" or kind == "walker"]


def check_body(family: str, body: str) -> None:
    """ValueError naming the valid bodies when ``body`` is unknown or ``family`` does not support it."""
    if not isinstance(body, str) or body not in body_names():
        raise ValueError(f"unknown body {body!r}; valid: {body_names()}")
    if body not in body_names(family):
        raise ValueError(f"body {body!r} is not supported by family {family!r}; valid: {body_names(family)}")


def walker_spaces(parkour_layout: bool, motor_contacts: Sequence[bool] = BIPED_MOTOR_CONTACTS,
                  grasp_sensors: int = 0) -> tuple[Any, Any]:
    """(observation space, action space) of one walker env with this body's motors and grasp sensors (one action
    each, after the motors): float32 boxes with Gymnasium's bounds (exactly BipedalWalker's for its walker)."""
    from gymnasium import spaces

    low, high = observation_bounds(parkour_layout, motor_contacts, grasp_sensors)
    n = len(motor_contacts) + grasp_sensors
    return spaces.Box(low, high), spaces.Box(-np.ones(n, np.float32), np.ones(n, np.float32))


# ---- Parkour CPPN weights -----------------------------------------------------------------------------------------

CPPN_SHAPES = {"w0": (4, 64), "w1": (64, 64), "w2": (64, 64), "w3": (64, 64), "w4": (64, 2)}
DEFAULT_CPPN_SEED = 20210705


def _truncated_normal(rng: np.random.Generator, shape: tuple[int, int], std: float) -> np.ndarray:
    """N(0, std) redrawn outside two standard deviations (TensorFlow's truncated_normal rule)."""
    out = rng.normal(0.0, std, size=shape)
    bad = np.abs(out) > 2 * std
    while bad.any():
        out[bad] = rng.normal(0.0, std, size=int(bad.sum()))
        bad = np.abs(out) > 2 * std
    return out.astype(np.float32)


@functools.lru_cache(maxsize=None)
def default_cppn_arrays() -> dict[str, np.ndarray]:
    """boxwalk's own frozen CPPN: TeachMyAgent's architecture and init rule (truncated normal, std 2), a fixed seed."""
    rng = np.random.default_rng(DEFAULT_CPPN_SEED)
    return {name: _truncated_normal(rng, shape, 2.0) for name, shape in CPPN_SHAPES.items()}


def load_cppn_arrays(weights: Any) -> dict[str, np.ndarray]:
    """CPPN weights from a .npz path or a mapping with arrays w0..w4 (shapes 4x64, 64x64 x3, 64x2)."""
    if isinstance(weights, (str, os.PathLike)):
        if not os.path.exists(weights):
            raise FileNotFoundError(f"CPPN weights file not found: {weights}")
        with np.load(weights) as f:
            weights = {k: f[k] for k in f.files}
    if not hasattr(weights, "keys"):
        raise ValueError("cppn_weights must be a .npz path or a mapping of arrays w0..w4")
    missing = [k for k in CPPN_SHAPES if k not in weights]
    if missing:
        raise ValueError(f"CPPN weights are missing {missing}; expected arrays {list(CPPN_SHAPES)}")
    arrays = {}
    for k, shape in CPPN_SHAPES.items():
        a = np.asarray(weights[k], dtype=np.float32)
        if a.shape != shape:
            raise ValueError(f"CPPN weight {k} must have shape {shape}, got {a.shape}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"CPPN weight {k} has non-finite values")
        arrays[k] = a
    return arrays


@functools.lru_cache(maxsize=8)
def _cached_core_weights(key: str) -> _core.CppnWeights:
    return _core.CppnWeights(**default_cppn_arrays())


def core_cppn(weights: Any = None) -> _core.CppnWeights:
    """The C++ weights object for `weights` (None: boxwalk's default CPPN, built once per process)."""
    if weights is None:
        return _cached_core_weights("default")
    if isinstance(weights, _core.CppnWeights):
        return weights
    return _core.CppnWeights(**load_cppn_arrays(weights))
