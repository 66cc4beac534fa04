"""Climbers: grasp sensors hold on to the ceiling while their actions are positive and let go otherwise; the reset
hangs the climber from the start pad's ceiling; critical parts may touch the ceiling but not the ground."""

from __future__ import annotations

import numpy as np
import pytest

import boxwalk

DRY_TASK = np.array([0.0, 0.8, 0.0, 0.0, 0.0, 0.0, 1.0, 10.0])  # no water, 0.2-sized creepers every unit


def sensor_flags(env, obs):
    """(touching, holding) per grasp sensor: the two flags each sensor adds after the motors."""
    n = env.unwrapped._core.grasp_sensors
    flags = obs[6 + len(env.unwrapped._core.motor_contacts) * 2 + sum(env.unwrapped._core.motor_contacts):][:2 * n]
    return flags.reshape(n, 2)


@pytest.mark.parametrize("body", ["climbing_profile_chimpanzee", "climbing_chest_profile_chimpanzee"])
def test_climber_hangs_while_grasping_and_falls_when_released(body):
    env = boxwalk.WalkerEnv("parkour", body=body)
    obs, _ = env.reset(seed=4, options={"task": DRY_TASK})
    ceiling = env.terrain_geometry().ceiling_y[0]
    ground = env.terrain_geometry().ground_y[0]
    assert sensor_flags(env, obs).tolist() == [[1.0, 1.0], [1.0, 1.0]]  # the reset leaves it hanging
    assert env.hull_position[1] > ceiling - 2.5
    rng = np.random.default_rng(0)
    n = env.action_space.shape[0]
    for _ in range(250):  # flailing limbs, both grasps on
        action = rng.uniform(-1, 1, n).astype(np.float32)
        action[-2:] = 1.0
        obs, reward, terminated, _, _ = env.step(action)
        assert not terminated
        assert sensor_flags(env, obs)[:, 1].tolist() == [1.0, 1.0]
        assert env.hull_position[1] > ceiling - 2.5
    action = np.zeros(n, np.float32)
    action[-2:] = -1.0
    obs, _, _, _, _ = env.step(action)
    assert sensor_flags(env, obs)[:, 1].tolist() == [0.0, 0.0]
    for _ in range(200):
        obs, reward, terminated, _, _ = env.step(action)
        if terminated:
            break
    assert terminated and reward == -100  # head, chest or lower leg hit the ground
    assert env.hull_position[1] < ground + 2.5


def test_one_hand_is_enough_and_a_released_hand_regrasps():
    env = boxwalk.WalkerEnv("parkour", body="climbing_chest_profile_chimpanzee")
    env.reset(seed=0, options={"task": DRY_TASK})
    ceiling = env.terrain_geometry().ceiling_y[0]
    action = np.zeros(8, np.float32)
    action[-2:] = [1.0, -1.0]  # the first sensor holds, the second lets go
    for _ in range(200):
        obs, _, terminated, _, _ = env.step(action)
        assert not terminated
    assert sensor_flags(env, obs)[:, 1].tolist() == [1.0, 0.0]
    assert env.hull_position[1] > ceiling - 2.5
    action[-2:] = [1.0, 1.0]  # the free hand dangles below the ceiling: nothing to hold
    obs, _, _, _, _ = env.step(action)
    assert sensor_flags(env, obs)[1, 1] == 0.0


@pytest.mark.parametrize("creepers", [True, False])
def test_a_falling_climber_catches_a_creeper(creepers):
    """Let go, fall for 15 steps, grasp again: beside 4-unit creepers the sensors catch them (and hold); with only
    the test sets' 0.2-unit creepers there is nothing within reach and the climber falls to the ground."""
    env = boxwalk.WalkerEnv("parkour", body="climbing_chest_profile_chimpanzee")
    task = DRY_TASK.copy()
    if creepers:
        task[4:7] = [1.0, 4.0, 0.01]  # 1 unit wide, ~4 tall, on every segment
    obs, _ = env.reset(seed=0, options={"task": task})
    assert env.held() == (["creeper", "creeper"] if creepers else ["ceiling", "ceiling"])
    assert (obs[-10:] == 1.0).any() == creepers  # the upward lidar reports creepers with +1
    hang_y = env.hull_position[1]
    action = np.zeros(8, np.float32)
    action[-2:] = -1.0
    for _ in range(15):
        env.step(action)
    assert env.held() == [None, None]
    action[-2:] = 1.0
    for _ in range(100):
        _, reward, terminated, _, _ = env.step(action)
        if terminated:
            break
    if creepers:
        assert not terminated and env.held() == ["creeper", "creeper"]
        assert hang_y - 2 < env.hull_position[1] < hang_y - 0.3  # caught lower down
    else:
        assert terminated and reward == -100 and env.held() == [None, None]


def test_climbers_drown_like_walkers():
    env = boxwalk.WalkerEnv("parkour", body="climbing_chest_profile_chimpanzee")
    task = DRY_TASK.copy()
    task[3] = 1.0
    env.reset(seed=0, options={"task": task})
    action = np.zeros(8, np.float32)
    action[-2:] = 1.0
    dead = []
    for _ in range(602):
        obs, _, terminated, _, _ = env.step(action)
        assert not terminated
        dead.append(obs[5])
    assert dead[600] == 0 and dead[601] == 1


def test_climbers_may_touch_the_ceiling_with_their_head():
    """Pulling up with both hands holding brings the (critical) head against the ceiling: allowed for climbers."""
    env = boxwalk.WalkerEnv("parkour", body="climbing_chest_profile_chimpanzee")
    env.reset(seed=0, options={"task": DRY_TASK})
    pull_up = np.array([-1, 1, -1, -1, 1, -1, 1, 1], np.float32)  # shoulders, elbows, hands; both grasps on
    touched = False
    for _ in range(150):
        _, _, terminated, _, _ = env.step(pull_up)
        assert not terminated
        touched |= env.body_state()[0, 8] == 1.0  # the head's touching flag
    assert touched
    assert env.held() == ["ceiling", "ceiling"]


def test_holding_hands_are_drawn_yellow():
    env = boxwalk.WalkerEnv("parkour", body="climbing_chest_profile_chimpanzee", render_mode="rgb_array")
    env.reset(seed=0, options={"task": DRY_TASK})

    def yellow(frame):
        return int(np.all(frame == [255, 255, 0], axis=-1).sum())

    assert yellow(env.render()) > 0
    action = np.zeros(8, np.float32)
    action[-2:] = -1.0
    env.step(action)
    assert yellow(env.render()) == 0
