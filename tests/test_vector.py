"""The native VectorEnv: lock-step equal to Gymnasium's SyncVectorEnv, deterministic across layouts, robust."""

from __future__ import annotations

import gc

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.error import ResetNeeded
from gymnasium.vector import AutoresetMode

import boxwalk
from conftest import CLASSIC_IDS, requires_reference

MODES = [AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP, AutoresetMode.DISABLED]
def assert_infos_equal(ref: dict, ours: dict, where: str):
    """Same keys, same masks, same values and dtypes, recursively (object arrays: the final observations)."""
    assert ref.keys() == ours.keys(), f"{where}: {sorted(ref)} != {sorted(ours)}"
    for k, v in ref.items():
        if isinstance(v, dict):
            assert_infos_equal(v, ours[k], f"{where}: info[{k!r}]")
        elif v.dtype == object:
            assert [x is None for x in v] == [x is None for x in ours[k]], where
            for a, b in zip(v, ours[k]):
                assert a is None or np.array_equal(a, b), where
        else:
            assert v.dtype == ours[k].dtype and np.array_equal(v, ours[k]), f"{where}: info[{k!r}]"


@requires_reference
@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("env_id", CLASSIC_IDS)
def test_lock_step_with_gymnasium_sync_vector_env(env_id, mode):
    n, steps = 8, 3000
    ref = gym.make_vec(env_id, n, vectorization_mode="sync", vector_kwargs={"autoreset_mode": mode})
    ours = gym.make_vec("boxwalk/" + env_id, num_envs=n, num_threads=2, autoreset_mode=mode)
    assert isinstance(ours, boxwalk.BipedalWalkerVectorEnv)
    actions = np.random.default_rng(123).uniform(-1, 1, (steps, n, 4)).astype(np.float32)
    o1, _ = ref.reset(seed=42)
    o2, _ = ours.reset(seed=42)
    assert np.array_equal(o1, o2)
    episodes = 0
    for t in range(steps):
        o1, r1, te1, tr1, i1 = ref.step(actions[t])
        o2, r2, te2, tr2, i2 = ours.step(actions[t])
        where = f"{env_id} {mode.value} step {t}"
        assert o2.dtype == np.float32 and r2.dtype == np.float64
        assert np.array_equal(o1, o2), f"{where}: obs"
        assert np.array_equal(r1, r2), f"{where}: rewards"
        assert np.array_equal(te1, te2) and np.array_equal(tr1, tr2), f"{where}: flags"
        assert_infos_equal(i1, i2, where)
        done = te1 | tr1
        episodes += int(done.sum())
        if mode == AutoresetMode.DISABLED and done.any():
            o1, _ = ref.reset(options={"reset_mask": done})
            o2, _ = ours.reset(options={"reset_mask": done})
            assert np.array_equal(o1, o2), f"{where}: masked reset"
    assert episodes >= 16  # the comparison crossed many episode boundaries
    ref.close()
    ours.close()


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_episode_statistics_match_the_rewards(mode):
    env = boxwalk.BipedalWalkerVectorEnv(4, max_episode_steps=300, autoreset_mode=mode, episode_stats=True)
    env.reset(seed=0)
    rng = np.random.default_rng(0)
    running, length, seen = np.zeros(4), np.zeros(4, int), 0
    prev_done = np.zeros(4, bool)
    for _ in range(1200):
        _, r, te, tr, info = env.step(rng.uniform(-1, 1, (4, 4)).astype(np.float32))
        # NEXT_STEP: an env that ended last step is reset now (reward 0, not part of any episode).
        stepped = ~prev_done if mode == AutoresetMode.NEXT_STEP else np.ones(4, bool)
        running[stepped] += r[stepped]
        length[stepped] += 1
        done = te | tr
        assert "episode" not in info  # Gymnasium's RecordEpisodeStatistics owns that key
        if done.any():
            assert np.array_equal(info["_episode_stats"], done)
            np.testing.assert_array_equal(info["episode_stats"]["l"][done], length[done])
            np.testing.assert_allclose(info["episode_stats"]["r"][done], running[done], rtol=0, atol=1e-9)
            assert length[done].max() <= 300
            seen += int(done.sum())
            running[done], length[done] = 0, 0
            if mode == AutoresetMode.DISABLED:
                env.reset(options={"reset_mask": done})
        else:
            assert "episode_stats" not in info
        prev_done = done
    assert seen >= 8


def trajectories(num_envs: int, num_threads: int, steps: int = 400, hardcore: bool = True) -> np.ndarray:
    """Observations of envs 0..min(num_envs, 7)-1; env i's actions depend only on i."""
    env = boxwalk.BipedalWalkerVectorEnv(num_envs, hardcore=hardcore, num_threads=num_threads, max_episode_steps=150)
    obs, _ = env.reset(seed=1000)
    k = min(num_envs, 7)
    per_env_rngs = [np.random.default_rng(i) for i in range(num_envs)]
    out = [obs[:k].copy()]
    for _ in range(steps):
        actions = np.stack([r.uniform(-1, 1, 4) for r in per_env_rngs]).astype(np.float32)
        obs, rew, te, tr, _ = env.step(actions)
        out.append(np.concatenate([obs[:k], rew[:k, None], te[:k, None], tr[:k, None]], axis=1))
    env.close()
    return out


def test_trajectories_do_not_depend_on_threads_or_batch_size():
    reference = trajectories(7, 1)
    for num_envs, num_threads in [(7, 2), (7, 3), (64, 2), (64, 3)]:
        got = trajectories(num_envs, num_threads)
        for a, b in zip(reference, got):
            np.testing.assert_array_equal(a, b[: a.shape[0]])
    single = trajectories(1, 1)
    for a, b in zip(reference, single):
        np.testing.assert_array_equal(a[:1], b)


def test_seed_none_then_continuation_and_seed_list():
    env = boxwalk.BipedalWalkerVectorEnv(3)
    a, _ = env.reset()
    b, _ = env.reset()  # continues every env's stream: new terrains
    assert not np.array_equal(a, b)
    c, _ = env.reset(seed=[5, None, 7])
    d, _ = boxwalk.BipedalWalkerVectorEnv(1).reset(seed=5)
    assert np.array_equal(c[0], d[0])


@pytest.mark.parametrize(
    "actions,message",
    [
        (np.zeros((4, 4), np.float32), r"shape \(3, 4\), got \(4, 4\)"),
        (np.zeros(12, np.float32), r"shape \(3, 4\), got \(12,\)"),
        (np.full((3, 4), "x"), "real numeric"),
        (np.array([[0, 0, 0, 0], [0, np.nan, 0, 0], [0, 0, 0, 0]], np.float32), r"actions\[1, 1\] is NaN"),
        (np.array([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, np.inf, 0]]), r"actions\[2, 2\] is infinite"),
    ],
)
def test_bad_actions(actions, message):
    env = boxwalk.BipedalWalkerVectorEnv(3, num_threads=2)
    env.reset(seed=0)
    before = env.step(np.zeros((3, 4), np.float32))[0]
    with pytest.raises(ValueError, match=message):
        env.step(actions)
    assert np.array_equal(env._core.full.obs, before)  # nothing was stepped


@pytest.mark.parametrize(
    "mask,message",
    [
        (np.ones(4, bool), r"shape \(3,\), got \(4,\)"),
        (np.ones(3, np.int64), "bool array"),
        ([True, True, True], "bool array"),
        (np.zeros(3, bool), "at least one"),
    ],
)
def test_bad_reset_masks(mask, message):
    env = boxwalk.BipedalWalkerVectorEnv(3, autoreset_mode=AutoresetMode.DISABLED)
    env.reset(seed=0)
    with pytest.raises(ValueError, match=message):
        env.reset(options={"reset_mask": mask})


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"num_envs": 0}, "num_envs"),
        ({"num_envs": 2, "num_threads": 0}, "num_threads"),
        ({"num_envs": 2, "autoreset_mode": "Sometimes"}, "autoreset_mode"),
        ({"num_envs": 2, "max_episode_steps": -1}, "max_episode_steps"),
    ],
)
def test_bad_constructor_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        boxwalk.BipedalWalkerVectorEnv(**kwargs)


def test_bad_seeds():
    env = boxwalk.BipedalWalkerVectorEnv(2)
    for seed, message in [(-1, r"\[0, 2\*\*64\)"), ([1], "sequence of 2"), ("7", "seed must be")]:
        with pytest.raises(ValueError, match=message):
            env.reset(seed=seed)


def test_step_before_reset_and_after_close():
    env = boxwalk.BipedalWalkerVectorEnv(2)
    with pytest.raises(ResetNeeded):
        env.step(np.zeros((2, 4), np.float32))
    env.close()
    env.close()
    with pytest.raises(RuntimeError, match="closed"):
        env.reset()


def test_make_vec_passes_limits_and_threads():
    env = gym.make_vec("boxwalk/BipedalWalkerHardcore-v3", num_envs=5, num_threads=2)
    assert env.hardcore and env.max_episode_steps == 2000 and env.num_threads == 2
    assert env.metadata["autoreset_mode"] == AutoresetMode.NEXT_STEP
    assert env.observation_space.shape == (5, 24) and env.action_space.shape == (5, 4)
    env.close()


def test_create_and_close_many_leaks_no_threads_or_memory():
    psutil = pytest.importorskip("psutil")
    proc = psutil.Process()

    def churn(k: int):
        for _ in range(k):
            env = boxwalk.BipedalWalkerVectorEnv(3, num_threads=3)
            env.reset(seed=0)
            env.step(np.zeros((3, 4), np.float32))
            env.close()
        gc.collect()

    churn(50)  # warm up allocator pools
    threads, rss = proc.num_threads(), proc.memory_info().rss
    churn(1000)
    assert proc.num_threads() == threads
    assert proc.memory_info().rss - rss < 20 * 2**20
