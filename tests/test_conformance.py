"""Drop-in conformance: Gymnasium's own checkers over every registered id and every (family, body) pair, declared
observation bounds that hold, and the native vector env seen through a user's loop exactly as a SyncVectorEnv of
the same single envs, with Gymnasium's vector wrappers on top."""

from __future__ import annotations

import pickle
import re
import warnings

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env, data_equivalence
from gymnasium.utils.passive_env_checker import env_reset_passive_checker, env_step_passive_checker
from gymnasium.vector import AutoresetMode, SyncVectorEnv
from gymnasium.wrappers.vector import NormalizeObservation, RecordEpisodeStatistics

import boxwalk
from boxwalk.envs import families
from test_vector import assert_infos_equal

MODES = list(AutoresetMode)
FAMILY_IDS = {name: next(iter(spec.gym_ids)) for name, spec in families.FAMILIES.items()}
PAIRS = [(name, body) for name in families.FAMILIES for body in boxwalk.body_names(name)]
# check_env's lint for a Box bound of +-inf: the families declare it for angles, which Box2D never wraps.
INFINITE_BOUND_LINT = re.compile(r"Box observation space (minimum|maximum) value is -?infinity")


def pair_id(pair: tuple[str, str]) -> str:
    return "-".join(pair)


def make(family: str, body: str, **kwargs) -> gym.Env:
    """``gym.make`` of the family's first registered id with ``body`` (the classic ids take no body)."""
    body_kwargs = {} if family == "classic" else {"body": body}
    return gym.make(FAMILY_IDS[family], **body_kwargs, **kwargs)


class Warnings:
    """Records every warning in its ``with`` block, as ``messages``."""

    def __enter__(self) -> Warnings:
        self._context = warnings.catch_warnings(record=True)
        self._caught = self._context.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc) -> None:
        self._context.__exit__(*exc)
        self.messages = [str(w.message) for w in self._caught]


# ---- Gymnasium's checkers over every id and every (family, body) pair ---------------------------------------------

@pytest.mark.parametrize("env_id", list(boxwalk.ENV_IDS))
def test_check_env_every_registered_id(env_id):
    with Warnings() as caught:
        check_env(gym.make(env_id).unwrapped)  # every render mode too (human: SDL's dummy driver)
    assert [m for m in caught.messages if not INFINITE_BOUND_LINT.search(m)] == []


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_check_env_every_family_body_pair(pair):
    family, body = pair
    with Warnings() as caught:
        check_env(make(family, body).unwrapped)
    unexpected = [m for m in caught.messages if not INFINITE_BOUND_LINT.search(m)]
    assert unexpected == []
    # Only the angles are unbounded, and only outside the classic ids (which keep Gymnasium's finite bounds).
    space = make(family, body).observation_space
    assert any(INFINITE_BOUND_LINT.search(m) for m in caught.messages) == (family != "classic")
    assert np.all(np.isinf(space.low) == np.isinf(space.high))


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_passive_checker_on_every_transition_and_deterministic_rollouts(pair):
    """Gymnasium's passive checker on each reset and step of a random rollout with resets (every warning is a
    failure), and a second env with the same seed and actions returns the same data, step for step."""
    family, body = pair
    checked, twin = make(family, body, max_episode_steps=150), make(family, body, max_episode_steps=150)
    actions = np.random.default_rng(7).uniform(-1, 1, (500, *checked.action_space.shape)).astype(np.float32)
    with Warnings() as caught:
        first = env_reset_passive_checker(checked, seed=5)
        assert data_equivalence(first, twin.reset(seed=5), exact=True)
        resets = 0
        for a in actions:
            got = env_step_passive_checker(checked, a)
            assert data_equivalence(got, twin.step(a), exact=True)
            if got[2] or got[3]:
                resets += 1
                assert data_equivalence(env_reset_passive_checker(checked), twin.reset(), exact=True)
    assert caught.messages == []
    assert resets >= 3


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_observations_stay_in_the_declared_space_for_ten_thousand_random_steps(pair):
    family, body = pair
    env = boxwalk.WalkerVectorEnv(16, family=family, body=body, max_episode_steps=400, num_threads=2)
    space = env.single_observation_space
    obs, _ = env.reset(seed=sum(map(ord, body)))
    rng = np.random.default_rng(0)
    low, high = obs.min(0), obs.max(0)
    for _ in range(10_000 // 16):
        obs, *_ = env.step(rng.uniform(-1, 1, env.action_space.shape).astype(np.float32))
        low, high = np.minimum(low, obs.min(0)), np.maximum(high, obs.max(0))
    env.close()
    outside = np.flatnonzero((low < space.low) | (high > space.high))
    assert outside.size == 0, [(int(i), float(low[i]), float(high[i]), float(space.low[i]), float(space.high[i]))
                               for i in outside]
    assert np.isfinite(low).all() and np.isfinite(high).all()


def test_family_bounds_are_box2ds_velocity_caps():
    """Outside the classic ids, speeds are bounded by Box2D's per-step caps (2 m and pi/2 rad per 1/50 s step),
    in the head state's scaling: angular velocity 2 w / 50 <= pi, vx 0.3 v 20 / 50 <= 12, vy 0.3 v 40/3 / 50 <= 8,
    and joint speeds (a difference of two angular velocities) <= 2 * 25 pi / speed scale."""
    space = boxwalk.WalkerEnv("stump_tracks", body="classic_bipedal").observation_space
    np.testing.assert_allclose(space.high[1:4], [np.pi, 12.0, 8.0], rtol=2e-5)
    assert np.all(space.high[1:4] > [np.pi, 12.0, 8.0])
    np.testing.assert_allclose(space.high[[5, 7]], [50 * np.pi / 4, 50 * np.pi / 6], rtol=2e-5)  # hip, knee
    assert np.isinf(space.high[[0, 4, 6]]).all()  # hull and joint angles
    assert space.low[8] == 0.0 and space.high[8] == 1.0 and (space.low[-10:] == 0.0).all()  # contact, lidar


@pytest.mark.parametrize("pair", [p for p in PAIRS if p[1] in ("old_classic_bipedal", "fish", "wheel")],
                         ids=pair_id)
def test_pickle_round_trip_recreates_the_env(pair):
    env = make(*pair)
    clone = pickle.loads(pickle.dumps(env))
    actions = np.random.default_rng(1).uniform(-1, 1, (30, *env.action_space.shape)).astype(np.float32)
    for e in (env, clone):
        e.trace = [e.reset(seed=3)] + [e.step(a) for a in actions]
    assert data_equivalence(env.trace, clone.trace, exact=True)


# ---- the native vector env against SyncVectorEnv --------------------------------------------------------------------

def vector_pair(env_id: str, mode: AutoresetMode, n: int, **kwargs) -> tuple[gym.vector.VectorEnv, ...]:
    """(SyncVectorEnv of the single envs, the native vector env), both of ``env_id`` with a 60-step limit."""
    sync = SyncVectorEnv([lambda: gym.make(env_id, max_episode_steps=60) for _ in range(n)], autoreset_mode=mode)
    native = gym.make_vec(env_id, num_envs=n, num_threads=2, max_episode_steps=60, autoreset_mode=mode, **kwargs)
    return sync, native


def without_times(info: dict) -> dict:
    """``info`` without RecordEpisodeStatistics' wall-clock episode times (they differ between any two envs)."""
    out = dict(info)
    if "episode" in out:
        out["episode"] = {k: v for k, v in out["episode"].items() if k != "t"}
    return out


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("env_id", list(FAMILY_IDS.values()) + ["boxwalk/ObstacleCourse-XChal-v0"])
def test_native_vector_env_is_a_sync_vector_env_under_gymnasium_wrappers(env_id, mode):
    """Step for step, in every autoreset mode, a user's loop sees the same observations, rewards, flags and infos
    from the native vector env as from a SyncVectorEnv of the same envs -- also through Gymnasium's vector
    RecordEpisodeStatistics on top (and NormalizeObservation, which takes NEXT_STEP only). In DISABLED mode the
    wrappers stay off: SyncVectorEnv pops ``reset_mask`` from the caller's options, so RecordEpisodeStatistics above
    it takes a masked reset for a full one and zeroes every running episode (Gymnasium 1.4); the native env leaves
    the options alone (RecordEpisodeStatistics is right on it, see the next test)."""
    n, steps = 4, 240
    sync, native = vector_pair(env_id, mode, n)
    if mode != AutoresetMode.DISABLED:
        sync, native = RecordEpisodeStatistics(sync), RecordEpisodeStatistics(native)
    recorders = sync, native
    if mode == AutoresetMode.NEXT_STEP:
        sync, native = NormalizeObservation(sync), NormalizeObservation(native)
    first = sync.reset(seed=9), native.reset(seed=9)
    assert np.array_equal(first[0][0], first[1][0])
    assert_infos_equal(first[0][1], first[1][1], "reset")
    actions = np.random.default_rng(2).uniform(-1, 1, (steps, *native.action_space.shape)).astype(np.float32)
    ended = 0
    for t, a in enumerate(actions):
        ref, got = sync.step(a), native.step(a)
        where = f"{env_id} {mode.value} step {t}"
        for name, x, y in zip(("obs", "rewards", "terminations", "truncations"), ref[:4], got[:4]):
            assert x.dtype == y.dtype and np.array_equal(x, y), f"{where}: {name}"
        assert_infos_equal(without_times(ref[4]), without_times(got[4]), where)
        done = ref[2] | ref[3]
        ended += int(done.sum())
        if mode == AutoresetMode.DISABLED and done.any():
            masked = sync.reset(options={"reset_mask": done}), native.reset(options={"reset_mask": done})
            assert np.array_equal(masked[0][0], masked[1][0])
            assert_infos_equal(masked[0][1], masked[1][1], f"{where}: masked reset")
    assert ended >= n  # every env crossed at least one episode boundary (the 60-step limit)
    if mode != AutoresetMode.DISABLED:
        assert list(recorders[0].return_queue) == list(recorders[1].return_queue)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_record_episode_statistics_agrees_with_the_engines_statistics(mode):
    """Gymnasium's RecordEpisodeStatistics runs on the native vector env in every mode, also with the engine's own
    statistics turned on, and both report the same episodes."""
    env = RecordEpisodeStatistics(boxwalk.WalkerVectorEnv(6, family="stump_tracks", max_episode_steps=50,
                                                          autoreset_mode=mode, episode_stats=True))
    env.reset(seed=0)
    rng = np.random.default_rng(0)
    seen = 0
    for _ in range(300):
        *_, terminated, truncated, info = env.step(rng.uniform(-1, 1, (6, 4)).astype(np.float32))
        done = terminated | truncated
        assert ("episode" in info) == ("episode_stats" in info) == bool(done.any())
        if done.any():
            assert np.array_equal(info["_episode"], info["_episode_stats"])
            np.testing.assert_allclose(info["episode"]["r"], info["episode_stats"]["r"], rtol=0, atol=1e-9)
            assert np.array_equal(info["episode"]["l"], info["episode_stats"]["l"])
            seen += int(done.sum())
            if mode == AutoresetMode.DISABLED:
                env.reset(options={"reset_mask": done})
    assert seen >= 6


def test_np_random_seed_is_the_seed_as_in_gymnasiums_vector_envs():
    reference = gym.make_vec("CartPole-v1", num_envs=3, vectorization_mode="vector_entry_point")
    reference.reset(seed=42)
    env = boxwalk.BipedalWalkerVectorEnv(3)
    env.reset(seed=42)
    assert env.np_random_seed == reference.unwrapped.np_random_seed == 42
    assert env.np_random.random() == np.random.default_rng(np.random.SeedSequence(42)).random()
    env.reset()  # no seed: the streams continue, the seed stays
    assert env.np_random_seed == 42
    env.async_reset(seed=7)
    env.recv()
    assert env.np_random_seed == 7
    env.reset(seed=[1, 2, 3])  # per-env seeds: not one int, -1 as Gymnasium reports an unknown seed
    assert env.np_random_seed == -1
