"""Fuzzing the engine through its public API (hypothesis): any task within a family's limits (corners included), any
body the family takes, random and huge-but-finite actions -- no crash, no hang, finite observations and rewards; and
malformed tasks, seeds and actions are ValueErrors, never an abort."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import boxwalk
from boxwalk.envs import families

FAMILIES = families.task_families()
BODIES = {f: boxwalk.body_names(f) for f in FAMILIES}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def levels(draw):
    family = draw(st.sampled_from(FAMILIES))
    body = draw(st.sampled_from(BODIES[family]))
    space = boxwalk.WalkerEnv(family).task_space if family not in _SPACES else _SPACES[family]
    _SPACES[family] = space
    low, high = np.asarray(space.limit_low, float), np.asarray(space.limit_high, float)
    # each dimension: a corner or anywhere in between (corners are where generators break)
    task = [draw(st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi, allow_nan=False))) for lo, hi in zip(low, high)]
    seed = draw(st.integers(0, 2**63 - 1))
    return family, body, np.array(task), seed


_SPACES: dict = {}


@FUZZ
@given(level=levels(), scale=st.sampled_from([1.0, 1e3, 1e30, 3.4e38]), action_seed=st.integers(0, 2**32 - 1))
def test_any_task_in_the_limits_with_any_body_and_wild_actions_stays_finite(level, scale, action_seed):
    family, body, task, seed = level
    env = boxwalk.WalkerEnv(family, body=body, task_space=_full_limits(family))
    obs, info = env.reset(seed=seed, options={"task": task})
    assert np.all(np.isfinite(obs)) and info["level_seed"] == seed
    rng = np.random.default_rng(action_seed)
    for _ in range(60):
        action = (rng.uniform(-1, 1, env.action_space.shape) * scale).astype(np.float32)
        obs, reward, terminated, truncated, _ = env.step(action)
        assert np.all(np.isfinite(obs)) and np.isfinite(reward), (family, body, task.tolist(), seed)
        if terminated:
            break
    env.close()


def _full_limits(family: str):
    space = _SPACES.get(family) or boxwalk.WalkerEnv(family).task_space
    _SPACES[family] = space
    return space.with_box(**{n: (lo, hi) for n, lo, hi in zip(space.names, space.limit_low, space.limit_high)})


BAD_TASKS = [np.nan, np.inf, -np.inf, 1e300]


@FUZZ
@given(family=st.sampled_from(FAMILIES), bad=st.sampled_from(BAD_TASKS), where=st.integers(0, 199),
       extra=st.sampled_from([-1, 0, 1]))
def test_malformed_tasks_are_value_errors(family, bad, where, extra):
    env = boxwalk.WalkerEnv(family)
    space = env.task_space
    task = np.array(space.low, dtype=float)
    if extra:
        task = np.resize(task, max(1, space.dim + extra))  # wrong length
    else:
        task[where % space.dim] = bad
    with pytest.raises(ValueError):
        env.reset(seed=0, options={"task": task})
    vec = boxwalk.WalkerVectorEnv(2, family=family)
    with pytest.raises(ValueError):
        vec.set_next_tasks([0], task[None])
    vec.close()


@FUZZ
@given(family=st.sampled_from(FAMILIES),
       action=st.one_of(
           st.just(np.full(4, np.nan, np.float32)), st.just(np.full(4, np.inf)),
           st.lists(st.floats(-1, 1), min_size=0, max_size=3).map(np.array),
           st.lists(st.floats(-1, 1), min_size=5, max_size=9).map(np.array),
           st.just(np.zeros((2, 4), np.float32)), st.just(np.array(["a"] * 4)), st.just(np.zeros(4, complex))))
def test_malformed_actions_are_value_errors(family, action):
    env = boxwalk.WalkerEnv(family)  # the default walker takes 4 actions
    env.reset(seed=0)
    with pytest.raises((ValueError, TypeError)):
        env.step(action)
    obs, *_ = env.step(np.zeros(4, np.float32))  # still usable
    assert np.all(np.isfinite(obs))


@FUZZ
@given(seeds=st.lists(st.one_of(st.integers(-2**70, -1), st.integers(2**63, 2**70), st.floats(0, 10),
                                st.text(max_size=3)), min_size=1, max_size=1))
def test_malformed_level_seeds_are_value_errors(seeds):
    env = boxwalk.WalkerVectorEnv(1, family="stump_tracks")
    with pytest.raises(ValueError, match="level seed 0"):
        env.set_next_tasks([0], [[1.0, 1.0]], seeds=seeds)
    env.close()
