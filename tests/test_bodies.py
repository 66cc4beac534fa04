"""Bodies as data: every registered TeachMyAgent body in every family that takes it — sizes against the reference
table, settling without exploding, contact bits, validation, determinism, rendering, the Parkour test sets."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import boxwalk
from boxwalk.experiments import TrainConfig
from conftest import reference_data_dir, requires_reference_data

# (observation, action) sizes from REFERENCE.md section 4 (the reference code's own sizes).
STUMP_SIZES = {"old_classic_bipedal": (24, 4), "classic_bipedal": (24, 4), "small_bipedal": (24, 4),
               "old_big_quadru": (34, 8), "big_quadru": (34, 8), "spider": (42, 12), "millipede": (54, 16),
               "wheel": (34, 8), "profile_chimpanzee": (50, 14)}
# Parkour adds 2 head flags (under water, dead) and 10 lidar surface codes: +12 for every body.
PARKOUR_SIZES = {**{name: (obs + 12, act) for name, (obs, act) in STUMP_SIZES.items()},
                 "amphibious_bipedal": (36, 4), "fish": (38, 4), "climbing_profile_chimpanzee": (54, 12),
                 "climbing_chest_profile_chimpanzee": (44, 8)}


def run_zero_actions(env, steps):
    obs = None
    for _ in range(steps):
        obs, _, terminated, _, _ = env.step(np.zeros(env.action_space.shape, np.float32))
        yield obs, terminated
        if terminated:
            return


@pytest.mark.parametrize("family,sizes", [("stump_tracks", STUMP_SIZES), ("hexagon_tracks", STUMP_SIZES),
                                          ("parkour", PARKOUR_SIZES)])
def test_every_body_has_the_reference_sizes(family, sizes):
    assert sorted(boxwalk.body_names(family)) == sorted(sizes)
    for body, (obs_size, act_size) in sizes.items():
        env = boxwalk.WalkerEnv(family, body=body)
        obs, _ = env.reset(seed=1)
        assert env.observation_space.shape == obs.shape == (obs_size,), body
        assert env.action_space.shape == (act_size,), body
        assert env.observation_space.contains(obs)
        vec = boxwalk.WalkerVectorEnv(2, family=family, body=body)
        vobs, _ = vec.reset(seed=1)
        assert vobs.shape == (2, obs_size) and vec.single_action_space.shape == (act_size,)
        assert np.array_equal(vobs[0], obs)  # env 0 of a vector env = a single env with the same seed
        vec.close()


@pytest.mark.parametrize("body", boxwalk.body_names("parkour"))
def test_bodies_settle_on_the_start_pad_without_exploding(body):
    """Zero actions (no torque): the body folds onto the flat start pad and comes to rest, or ends its episode
    on a critical contact / by rolling off the start; it never flies away or produces a non-finite value."""
    env = boxwalk.WalkerEnv("parkour", body=body)
    env.reset(seed=0)
    spawn_y = env.hull_position[1]
    ground = env.terrain_geometry().ground_y[0]
    speeds, heights, terminated = [], [], False
    for obs, terminated in run_zero_actions(env, 400):
        assert np.isfinite(obs).all()
        speeds.append(np.abs(obs[1:4]).max())
        heights.append(env.hull_position[1])
    assert ground - 0.5 < min(heights) and max(heights) < spawn_y + 0.25
    assert terminated or max(speeds[-50:]) < 1e-3, (body, max(speeds[-50:]))


@pytest.mark.parametrize("body", ["old_big_quadru", "big_quadru"])
def test_every_quadruped_foot_reports_contact(body):
    """teachDeepRL's quadruped only reported its rear pair (trap T2); here all four lower legs do."""
    env = boxwalk.WalkerEnv("stump_tracks", body=body)
    env.reset(seed=0, options={"task": [0.0, 6.0]})
    bit = [4 + 5 * leg + 4 for leg in range(4)]  # per leg: hip angle, speed, knee angle, speed, contact
    seen = np.zeros(4)
    for obs, _ in run_zero_actions(env, 200):
        seen = np.maximum(seen, obs[bit])
        assert set(np.unique(obs[bit])) <= {0.0, 1.0}
    assert seen.tolist() == [1.0, 1.0, 1.0, 1.0]


def test_bad_bodies_name_the_valid_ones():
    with pytest.raises(ValueError, match="unknown body 'fsh'.*'spider'"):
        boxwalk.WalkerEnv("stump_tracks", body="fsh")
    with pytest.raises(ValueError, match="not supported by family 'stump_tracks'.*'wheel'"):
        boxwalk.WalkerEnv("stump_tracks", body="amphibious_bipedal")
    with pytest.raises(ValueError, match="not supported by family 'classic'.*old_classic_bipedal"):
        boxwalk.WalkerVectorEnv(2, family="classic", body="spider")
    with pytest.raises(ValueError, match="unknown body"):
        gym.make("boxwalk/Parkour-v0", body="robot")
    with pytest.raises(ValueError, match="action must have shape \\(12,\\)"):
        env = boxwalk.WalkerEnv("stump_tracks", body="spider")
        env.reset(seed=0)
        env.step(np.zeros(4))
    with pytest.raises(ValueError, match="unknown body"):
        TrainConfig(body="octopus").validate()
    with pytest.raises(ValueError, match="not supported by family 'stump_tracks'"):
        TrainConfig(body="fish").validate()


def test_every_body_renders_its_own_parts():
    frames = {}
    for body in boxwalk.body_names("parkour"):
        env = boxwalk.WalkerEnv("parkour", body=body, render_mode="rgb_array")
        env.reset(seed=0)
        frames[body] = env.render()
        assert frames[body].shape == (400, 600, 3)
    flat = {body: frame.reshape(-1, 3) for body, frame in frames.items()}
    for a in flat:
        for b in flat:
            if a < b:
                assert not np.array_equal(flat[a], flat[b]), (a, b)


@requires_reference_data
@pytest.mark.parametrize("test_set", ["walking", "swimming"])
def test_parkour_reference_test_sets_run_for_every_body(test_set):
    tasks = np.load(reference_data_dir() / f"{test_set}_test_set_v1.npy")
    picks = tasks[:: len(tasks) // 4][:4]
    for body in boxwalk.body_names("parkour"):
        env = boxwalk.WalkerVectorEnv(len(picks), family="parkour", body=body, autoreset_mode="SameStep",
                                      max_episode_steps=100)
        space = env.task_space
        env.set_next_tasks(np.arange(len(picks)), np.clip(picks, space.limit_low, space.limit_high))
        obs, _ = env.reset(seed=0)
        rng = np.random.default_rng(0)
        for _ in range(40):
            obs, reward, *_ = env.step(rng.uniform(-1, 1, env.action_space.shape).astype(np.float32))
            assert np.isfinite(obs).all() and np.isfinite(reward).all(), body
        env.close()
