"""boxwalk's classic walker against Gymnasium's own BipedalWalker: identical to the last bit."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import boxwalk  # noqa: F401  (registers the ids)
from conftest import CLASSIC_IDS, random_actions, requires_reference

pytestmark = requires_reference


def assert_same_episode(ref, ours, actions, label):
    """Steps both envs with the same actions until the episode ends; every output must be identical."""
    for t, a in enumerate(actions):
        o1, r1, term1, trunc1, info1 = ref.step(a)
        o2, r2, term2, trunc2, info2 = ours.step(a)
        where = f"{label}, step {t}"
        assert o2.dtype == np.float32, where
        assert np.array_equal(o1, o2), f"{where}: obs differ at {np.flatnonzero(o1 != o2)}"
        assert r1 == r2, f"{where}: reward {r1!r} vs {r2!r}"
        assert (term1, trunc1) == (term2, trunc2), f"{where}: flags {(term1, trunc1)} vs {(term2, trunc2)}"
        assert info1 == info2
        if term1 or trunc1:
            return t + 1
    raise AssertionError(f"{label}: episode did not end within {len(actions)} steps")


@pytest.mark.parametrize("env_id", CLASSIC_IDS)
def test_bit_identical_episodes_seeds_0_to_49(env_id):
    ref, ours = gym.make(env_id), gym.make("boxwalk/" + env_id)
    lengths = []
    for seed in range(50):
        actions = random_actions(seed, 2 * 2000)
        o1, i1 = ref.reset(seed=seed)
        o2, i2 = ours.reset(seed=seed)
        assert np.array_equal(o1, o2) and i1 == i2 == {}, f"seed {seed}: reset obs differ"
        n = assert_same_episode(ref, ours, actions[:2000], f"{env_id} seed {seed}")
        # A second, unseeded reset continues the same stream on both sides.
        o1, _ = ref.reset()
        o2, _ = ours.reset()
        assert np.array_equal(o1, o2), f"seed {seed}: second reset obs differ"
        m = assert_same_episode(ref, ours, actions[2000:], f"{env_id} seed {seed} episode 2")
        lengths += [n, m]
        assert ref.unwrapped.np_random.bit_generator.state == ours.unwrapped.np_random.bit_generator.state
    # The comparison means something only if episodes are long and varied (falls, time limits, successes alike).
    assert np.mean(lengths) > 100 and len(set(lengths)) > 20


@pytest.mark.parametrize("env_id", CLASSIC_IDS)
def test_float64_and_list_actions_follow_numpy_promotion(env_id):
    """Gymnasium computes the torque cost in float64 for float64 actions and in float32 for float32 actions."""
    ref, ours = gym.make(env_id), gym.make("boxwalk/" + env_id)
    for seed, kind in [(3, "f64"), (4, "list")]:
        ref.reset(seed=seed)
        ours.reset(seed=seed)
        actions = random_actions(seed, 2000, dtype=np.float64)
        for t, a in enumerate(actions):
            a = a.tolist() if kind == "list" else a
            o1, r1, te1, tr1, _ = ref.step(a)
            o2, r2, te2, tr2, _ = ours.step(a)
            assert np.array_equal(o1, o2) and r1 == r2 and te1 == te2, (kind, t)
            if te1:
                break


@pytest.mark.parametrize("env_id", CLASSIC_IDS)
def test_actions_beyond_the_box_are_not_clipped_differently(env_id):
    ref, ours = gym.make(env_id), gym.make("boxwalk/" + env_id)
    ref.reset(seed=8)
    ours.reset(seed=8)
    actions = (random_actions(8, 400) * 3).astype(np.float32)  # |a| up to 3: torque saturates at 80, speed is sign
    actions[::7] = 0.0
    for a in actions:
        o1, r1, te1, _, _ = ref.step(a)
        o2, r2, te2, _, _ = ours.step(a)
        assert np.array_equal(o1, o2) and r1 == r2 and te1 == te2
        if te1:
            break


@pytest.mark.parametrize("env_id", CLASSIC_IDS)
def test_terrain_geometry_equals_gymnasium(env_id):
    ref, ours = gym.make(env_id).unwrapped, gym.make("boxwalk/" + env_id).unwrapped
    n_obstacles = 0
    for seed in range(30):
        ref.reset(seed=seed)
        ours.reset(seed=seed)
        geo = ours.terrain_geometry()
        assert geo.ground_x.tolist() == ref.terrain_x
        assert geo.ground_y.tolist() == ref.terrain_y
        assert geo.finish_x == (200 - 10) * 14 / 30.0
        # Gymnasium's drawing polygons are built from the same points.
        for i, (poly, _color) in enumerate(ref.terrain_poly):
            x0, y0, x1, y1 = geo.ground_x[i], geo.ground_y[i], geo.ground_x[i + 1], geo.ground_y[i + 1]
            assert poly == [(x0, y0), (x1, y1), (x1, 0), (x0, 0)]
        # Box2D bodies: Gymnasium's terrain list is reversed (edges last-created first, then obstacles).
        bodies = list(reversed(ref.terrain))
        obstacle_bodies, edge_bodies = bodies[: len(geo.obstacles)], bodies[len(geo.obstacles) :]
        assert len(edge_bodies) == 199
        for i, body in enumerate(edge_bodies):
            v = body.fixtures[0].shape.vertices
            expected = np.float32([[geo.ground_x[i], geo.ground_y[i]], [geo.ground_x[i + 1], geo.ground_y[i + 1]]])
            np.testing.assert_array_equal(np.float32(v), expected)
        for body, poly in zip(obstacle_bodies, geo.obstacles):
            got = sorted(map(tuple, np.float32(body.fixtures[0].shape.vertices).tolist()))
            assert got == sorted(map(tuple, np.float32(poly).tolist()))
        n_obstacles += len(geo.obstacles)
    if "Hardcore" in env_id:
        assert n_obstacles > 100
    else:
        assert n_obstacles == 0


def test_same_seed_same_episode_different_seed_different_terrain():
    env = gym.make("boxwalk/BipedalWalkerHardcore-v3")
    env.reset(seed=5)
    a = env.unwrapped.terrain_geometry()
    env.reset(seed=6)
    b = env.unwrapped.terrain_geometry()
    env.reset(seed=5)
    c = env.unwrapped.terrain_geometry()
    assert np.array_equal(a.ground_y, c.ground_y)
    assert not np.array_equal(a.ground_y, b.ground_y)
