"""Levels = (task, level seed), replayable exactly: every started episode of a task family reports its level, and
replaying that level -- in a fresh single env, or in any slot of any vector env, for any thread count -- gives
bit-identical observations and rewards for the same actions. Levels from set_next_tasks(..., seeds=), from autoreset
(the env's own stream) and from the fallback task sampler are all covered."""

from __future__ import annotations

import numpy as np
import pytest

import boxwalk
from boxwalk.envs import families

# (family, body): every task family with its default walker, plus bodies with other sensors and motors.
CASES = [(f, families.DEFAULT_BODY) for f in families.task_families()] + [
    ("stump_tracks", "spider"), ("parkour", "fish"), ("parkour", "climbing_profile_chimpanzee"),
    ("obstacle_course", "small_bipedal"),
]
HORIZON = 120  # steps per episode at most: long enough for terrain contact, short enough for CI


def record_levels(env: boxwalk.WalkerVectorEnv, steps: int, seed: int) -> list[dict]:
    """Plays random actions and returns every episode that ended: its level, first observation, actions,
    observations and rewards (NEXT_STEP autoreset: a started env's row holds its reset observation)."""
    rng = np.random.default_rng(seed)
    obs, info = env.reset(seed=seed)
    open_ = [{"task": info["task"][i], "level_seed": int(info["level_seed"][i]), "obs0": obs[i].copy(),
              "actions": [], "obs": [], "rewards": []} for i in range(env.num_envs)]
    assert info["_level_seed"].all() and info["level_seed"].dtype == np.int64
    done = []
    for _ in range(steps):
        actions = rng.uniform(-1, 1, (env.num_envs, env.single_action_space.shape[0])).astype(np.float32)
        obs, rewards, terminated, truncated, info = env.step(actions)
        started = info.get("_level_seed", np.zeros(env.num_envs, bool))
        for i in range(env.num_envs):
            if started[i]:
                open_[i] = {"task": info["task"][i], "level_seed": int(info["level_seed"][i]), "obs0": obs[i].copy(),
                            "actions": [], "obs": [], "rewards": []}
                continue
            rec = open_[i]
            rec["actions"].append(actions[i])
            rec["obs"].append(obs[i].copy())
            rec["rewards"].append(rewards[i])
            if terminated[i] or truncated[i]:
                ended = info["episode_stats"]
                assert info["_episode_stats"][i]
                assert int(ended["level_seed"][i]) == rec["level_seed"]
                np.testing.assert_array_equal(ended["task"][i], rec["task"])
                done.append(rec)
    return done


def replay_single(family: str, body: str, level: dict) -> None:
    env = boxwalk.WalkerEnv(family, body=body)
    obs, info = env.reset(seed=level["level_seed"], options={"task": level["task"]})
    assert info["level_seed"] == level["level_seed"] == env.level_seed
    np.testing.assert_array_equal(obs, level["obs0"])
    for action, want_obs, want_reward in zip(level["actions"], level["obs"], level["rewards"]):
        obs, reward, *_ = env.step(action)
        np.testing.assert_array_equal(obs, want_obs)
        assert reward == want_reward


def replay_vector(family: str, body: str, levels: list[dict], num_envs: int, num_threads: int) -> None:
    """Replays the levels in the last slots of a differently shaped vector env (the first slots play other
    levels), all at once, with the recorded actions."""
    env = boxwalk.WalkerVectorEnv(num_envs, family=family, body=body, num_threads=num_threads,
                                  max_episode_steps=HORIZON)
    slots = np.arange(num_envs - len(levels), num_envs)
    env.set_next_tasks(slots, np.stack([lv["task"] for lv in levels]), seeds=[lv["level_seed"] for lv in levels])
    obs, info = env.reset(seed=987)
    np.testing.assert_array_equal(info["level_seed"][slots], [lv["level_seed"] for lv in levels])
    for k, lv in zip(slots, levels):
        np.testing.assert_array_equal(obs[k], lv["obs0"])
    rng = np.random.default_rng(0)
    for t in range(max(len(lv["actions"]) for lv in levels)):
        actions = rng.uniform(-1, 1, (num_envs, env.single_action_space.shape[0])).astype(np.float32)
        live = [(k, lv) for k, lv in zip(slots, levels) if t < len(lv["actions"])]
        for k, lv in live:
            actions[k] = lv["actions"][t]
        obs, rewards, *_ = env.step(actions)
        for k, lv in live:
            np.testing.assert_array_equal(obs[k], lv["obs"][t])
            assert rewards[k] == lv["rewards"][t]
    env.close()


@pytest.mark.parametrize("family,body", CASES)
def test_a_level_replays_exactly_in_a_single_env_and_in_any_slot(family, body):
    env = boxwalk.WalkerVectorEnv(3, family=family, body=body, num_threads=2, max_episode_steps=HORIZON,
                                  episode_stats=True)
    space = env.task_space
    # env 0: a teacher's level with an explicit seed; env 1: a queued task, the seed from the env's stream;
    # env 2: the fallback sampler (task and seed from the env's streams)
    env.set_next_tasks([0], [space.low + 0.7 * (space.high - space.low)], seeds=[2**63 - 1])
    env.set_next_tasks([1], [space.low + 0.3 * (space.high - space.low)])
    levels = record_levels(env, 2 * HORIZON + 5, seed=11)
    env.close()
    assert {lv["level_seed"] for lv in levels} >= {2**63 - 1}
    autoreset = [lv for lv in levels if lv["level_seed"] not in (2**63 - 1, 11, 12, 13)]
    assert autoreset, "no episode was started by autoreset"
    chosen = [levels[0], autoreset[0], levels[-1]]
    for level in chosen:
        replay_single(family, body, level)
    replay_vector(family, body, chosen, num_envs=5, num_threads=1)


def test_level_seeds_are_the_same_for_any_thread_count_and_batch_layout():
    def seeds(num_envs: int, threads: int) -> list[int]:
        env = boxwalk.WalkerVectorEnv(num_envs, family="stump_tracks", num_threads=threads, max_episode_steps=30)
        env.reset(seed=3)
        out = []
        for _ in range(95):
            *_, info = env.step(np.zeros((num_envs, 4), np.float32))
            out += [(i, int(s)) for i, s in enumerate(info.get("level_seed", [])) if info["_level_seed"][i] and i < 2]
        env.close()
        return out

    assert seeds(2, 1) == seeds(2, 2) == seeds(5, 3)


def test_a_seeded_single_env_draws_the_levels_of_the_same_vector_slot():
    vec = boxwalk.WalkerVectorEnv(2, family="gaps", max_episode_steps=10)
    _, info = vec.reset(seed=40)
    vector_seeds = [int(info["level_seed"][1])]
    for _ in range(22):
        *_, info = vec.step(np.zeros((2, 4), np.float32))
        if "level_seed" in info and info["_level_seed"][1]:
            vector_seeds.append(int(info["level_seed"][1]))
    single = boxwalk.WalkerEnv("gaps")
    single_seeds = [single.reset(seed=41)[1]["level_seed"]] + [single.reset()[1]["level_seed"] for _ in range(2)]
    assert vector_seeds == single_seeds and single_seeds[0] == 41


@pytest.mark.parametrize("bad,match", [
    ([-1], r"level seed 0 must be an int in \[0, 2\*\*63\)"),
    ([2**63], r"level seed 0 must be an int in \[0, 2\*\*63\)"),
    ([1.5], r"level seed 0 must be an int"),
    ([1, 2], r"seeds must hold 1 level seeds"),
])
def test_bad_level_seeds_are_value_errors(bad, match):
    env = boxwalk.WalkerVectorEnv(2, family="stump_tracks")
    with pytest.raises(ValueError, match=match):
        env.set_next_tasks([0], [[1.0, 1.0]], seeds=bad)


def test_the_classic_ids_keep_gymnasiums_semantics():
    env = boxwalk.BipedalWalker()
    _, info = env.reset(seed=1)
    assert "level_seed" not in info
    vec = boxwalk.BipedalWalkerVectorEnv(2)
    _, info = vec.reset(seed=1)
    assert "level_seed" not in info
