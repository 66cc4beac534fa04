"""TaskSpace: bounds, validation messages, dict round trips."""

from __future__ import annotations

import numpy as np
import pytest

import boxwalk
from boxwalk import TaskSpace


def space() -> TaskSpace:
    return TaskSpace(["height", "spacing"], [0, 0], [3, 6], limit_low=[-3, 0], limit_high=[9, 20])


@pytest.mark.parametrize(
    "task,message",
    [
        ([1.0], r"2 values \['height', 'spacing'\]"),
        ([[1.0, 2.0, 3.0]], "2 values"),
        ([np.nan, 1.0], "'height' is nan"),
        ([1.0, np.inf], "'spacing' is inf"),
        ([-3.5, 1.0], "'height' = -3.5 is below its lower bound -3"),
        ([1.0, 21.0], "'spacing' = 21 is above its upper bound 20"),
        ("abc", "numeric"),
    ],
)
def test_validate_names_the_dimension_and_bound(task, message):
    with pytest.raises(ValueError, match=message):
        space().validate(task)


def test_validate_accepts_the_limits_beyond_the_box():
    assert space().validate([8.0, 10.0]).tolist() == [8.0, 10.0]
    assert not space().contains([8.0, 10.0]) and space().contains([1.0, 1.0])


def test_dicts_and_batches():
    s = space()
    assert s.as_array({"spacing": 2.0, "height": 1.0}).tolist() == [1.0, 2.0]
    assert s.to_dict(np.array([1.0, 2.0])) == {"height": 1.0, "spacing": 2.0}
    with pytest.raises(ValueError, match="unknown task dimension"):
        s.as_array({"height": 1.0, "spacing": 2.0, "width": 3.0})
    with pytest.raises(ValueError, match="missing"):
        s.as_array({"height": 1.0})
    assert s.validate(np.ones((5, 2))).shape == (5, 2)


def test_sample_stays_in_the_box_and_is_seeded():
    s = space()
    a, b = s.sample(1000, rng=3), s.sample(1000, rng=3)
    assert np.array_equal(a, b)
    assert (a >= s.low).all() and (a <= s.high).all()


def test_with_box_widens_within_limits_only():
    wide = space().with_box(height=(0, 9))
    assert wide.high.tolist() == [9, 6]
    with pytest.raises(ValueError, match="outside the limits"):
        space().with_box(height=(0, 10))
    with pytest.raises(ValueError, match="unknown task dimension"):
        space().with_box(width=(0, 1))


def test_bad_construction():
    with pytest.raises(ValueError, match="unique"):
        TaskSpace(["a", "a"], [0, 0], [1, 1])
    with pytest.raises(ValueError, match="low 2.0 > high 1.0"):
        TaskSpace(["a"], [2], [1])
    with pytest.raises(ValueError, match="3 values"):
        TaskSpace(["a", "b", "c"], [0, 0], [1, 1, 1])


def test_family_spaces_have_test_sets_inside_their_limits():
    import gymnasium as gym

    for env_id in ["boxwalk/StumpTracks-v0", "boxwalk/HexagonTracks-v0", "boxwalk/ObstacleCourse-v0",
                   "boxwalk/Parkour-v0", "boxwalk/Heightfield-v0"]:
        ts = gym.make(env_id).unwrapped.task_space
        assert ts.test_set is not None and ts.test_set.shape[1] == ts.dim
        ts.validate(ts.test_set)
    stumps = gym.make("boxwalk/StumpTracks-v0").unwrapped.task_space.test_set
    # TeachMyAgent's 10x10 grid, height varying fastest.
    assert stumps.shape == (100, 2) and np.allclose(stumps[:3, 0], [0, 1 / 3, 2 / 3]) and (stumps[:10, 1] == 0).all()
    assert isinstance(boxwalk.TaskSpace, type)
