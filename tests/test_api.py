"""The Gymnasium contract: registration, spaces, seeding, errors (check_env over every id: test_conformance)."""

from __future__ import annotations

import subprocess
import sys

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.error import ResetNeeded

import boxwalk
from conftest import CLASSIC_IDS, requires_reference


@requires_reference
@pytest.mark.parametrize("env_id", CLASSIC_IDS)
def test_spaces_spec_and_metadata_match_gymnasium(env_id):
    ref, ours = gym.make(env_id), gym.make("boxwalk/" + env_id)
    assert ours.observation_space == ref.observation_space
    assert ours.action_space == ref.action_space
    for name in ("low", "high"):
        a, b = getattr(ours.observation_space, name), getattr(ref.observation_space, name)
        assert a.dtype == b.dtype and np.array_equal(a, b)
        assert np.array_equal(np.signbit(a), np.signbit(b))  # the -0.0 lower bounds of the contact slots
    assert ours.spec.max_episode_steps == ref.spec.max_episode_steps
    assert ours.spec.reward_threshold == ref.spec.reward_threshold
    assert ours.unwrapped.metadata == ref.unwrapped.metadata


def test_make_with_module_prefix_needs_no_import():
    code = "import gymnasium as gym; e = gym.make('boxwalk:boxwalk/BipedalWalker-v3'); print(e.reset(seed=1)[0].shape)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "(24,)"


def test_truncation_comes_from_the_time_limit():
    env = gym.make("boxwalk/BipedalWalker-v3", max_episode_steps=5)
    env.reset(seed=0)
    flags = [env.step(np.zeros(4, np.float32))[3] for _ in range(5)]
    assert flags == [False] * 4 + [True]


def test_seeded_reset_then_unseeded_continues_the_stream():
    env = boxwalk.BipedalWalker()
    env.reset(seed=3)
    second = env.reset()[0]
    env.reset(seed=3)
    assert np.array_equal(env.reset()[0], second)
    # np_random reflects the draws made in C++: it is where a fresh generator ends after the same draws.
    state_after = env.np_random.bit_generator.state
    env.reset(seed=3)
    env.reset()
    assert env.np_random.bit_generator.state == state_after


def test_unseeded_first_reset_works_and_differs():
    a, b = boxwalk.BipedalWalker(hardcore=True), boxwalk.BipedalWalker(hardcore=True)
    a.reset()
    b.reset()
    assert not np.array_equal(a.terrain_geometry().ground_y, b.terrain_geometry().ground_y)


@pytest.mark.parametrize(
    "action,message",
    [
        (np.zeros(3, np.float32), r"shape \(4,\), got \(3,\)"),
        (np.zeros((1, 4), np.float32), r"shape \(4,\), got \(1, 4\)"),
        (np.array([0, np.nan, 0, 0], np.float32), r"action\[1\] is NaN"),
        (np.array([0, 0, 0, np.inf]), r"action\[3\] is infinite"),
        (np.array([0, 0, 0, -np.inf], np.float32), r"action\[3\] is infinite"),
        (np.array(["a", "b", "c", "d"]), "real numeric"),
    ],
)
def test_bad_actions_raise_value_error(action, message):
    env = boxwalk.BipedalWalker()
    env.reset(seed=0)
    with pytest.raises(ValueError, match=message):
        env.step(action)
    env.step(np.zeros(4, np.float32))  # the env is still usable


def test_step_before_reset_is_a_clear_error():
    with pytest.raises(ResetNeeded, match="reset"):
        boxwalk.BipedalWalker().step(np.zeros(4, np.float32))
    env = gym.make("boxwalk/BipedalWalker-v3")
    with pytest.raises(ResetNeeded):
        env.step(np.zeros(4, np.float32))


def test_double_close_is_fine():
    env = gym.make("boxwalk/BipedalWalkerHardcore-v3")
    env.reset(seed=0)
    env.close()
    env.close()


def test_unknown_render_mode_is_a_value_error():
    with pytest.raises(ValueError, match="render_mode must be one of"):
        boxwalk.BipedalWalker(render_mode="video")


def test_box2d_assertion_arrives_as_python_exception():
    with pytest.raises(boxwalk.Box2DAssertionError, match="Box2D assertion failed"):
        boxwalk._core._testing.box2d_assert()
    assert issubclass(boxwalk.Box2DAssertionError, RuntimeError)


def test_replacing_np_random_with_another_bit_generator_is_refused():
    env = boxwalk.BipedalWalker()
    env.np_random = np.random.Generator(np.random.MT19937(0))
    with pytest.raises(TypeError, match="PCG64"):
        env.reset()


def test_pickle_round_trip_recreates_the_env():
    import pickle

    env = boxwalk.BipedalWalker(hardcore=True)
    clone = pickle.loads(pickle.dumps(env))
    assert clone.hardcore is True
    a, _ = env.reset(seed=2)
    b, _ = clone.reset(seed=2)
    assert np.array_equal(a, b)
