"""`boxwalk bench`: env steps per second of boxwalk's native vector env, next to Gymnasium's own env."""

from __future__ import annotations

import os
import time

import gymnasium as gym
import numpy as np

from boxwalk.envs import families
from boxwalk.envs.vector import WalkerVectorEnv

ACTION_POOL = 64


def action_pool(num_envs: int) -> np.ndarray:
    """A fixed pool of random float32 actions, reused so that drawing actions costs nothing in the timing."""
    return np.random.default_rng(0).uniform(-1, 1, (ACTION_POOL, num_envs, 4)).astype(np.float32)


def time_vector(env, num_envs: int, seconds: float) -> float:
    """Env steps per second of a Gymnasium-style vector env under random actions (autoreset on)."""
    actions = action_pool(num_envs)
    env.reset(seed=0)
    for a in actions[:8]:
        env.step(a)
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for a in actions:
            env.step(a)
        steps += ACTION_POOL * num_envs
    return steps / (time.perf_counter() - t0)


def time_async(env, seconds: float) -> float:
    """Env steps per second of EnvPool-style stepping (``async_reset``; ``recv``, then ``send`` to the returned envs)
    under random actions; works for boxwalk's vector env and EnvPool's."""
    batch = env.batch_size if hasattr(env, "batch_size") else env.config["batch_size"]
    actions = action_pool(batch)
    env.async_reset()
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for a in actions:
            info = env.recv()[-1]
            env.send(a, info["env_id"])
        steps += ACTION_POOL * batch
    return steps / (time.perf_counter() - t0)


def measure(seconds: float = 2.0, num_envs: int = 64, num_threads: int | None = None) -> list[tuple[str, float]]:
    """(label, steps/s) rows: boxwalk on BipedalWalker-v3, Stump Tracks and Parkour, and Gymnasium's
    SyncVectorEnv of BipedalWalker-v3 when gymnasium[box2d] is installed."""
    threads = num_threads or os.cpu_count() or 1
    rows = []
    for label, family in [("BipedalWalker-v3", "classic"), ("StumpTracks-v0", "stump_tracks"),
                          ("Parkour-v0", "parkour")]:
        env = WalkerVectorEnv(num_envs, family=family, num_threads=threads,
                              max_episode_steps=families.family(family).time_limit())
        rows.append((f"boxwalk {label}, N={num_envs}, {threads} thr", time_vector(env, num_envs, seconds)))
        env.close()
    try:
        env = gym.make_vec("BipedalWalker-v3", 8, vectorization_mode="sync")
    except Exception as err:  # noqa: BLE001 - any missing Box2D install means "no reference row"
        rows.append((f"Gymnasium BipedalWalker-v3 unavailable ({type(err).__name__})", float("nan")))
    else:
        rows.append(("Gymnasium BipedalWalker-v3, SyncVectorEnv N=8", time_vector(env, 8, seconds)))
        env.close()
    return rows


def print_table(seconds: float = 2.0, num_envs: int = 64, num_threads: int | None = None) -> None:
    rows = measure(seconds, num_envs, num_threads)
    print(f"cores: {os.cpu_count()}, {seconds:g} s per row, random actions, autoreset\n")
    print(f"{'':52s} {'steps/s':>10s} {'us/step':>8s}")
    for label, sps in rows:
        print(f"{label:52s} {sps:10,.0f} {1e6 / sps:8.2f}")
    gym_sps = rows[-1][1]
    if np.isfinite(gym_sps):
        print(f"\nboxwalk BipedalWalker-v3 vs Gymnasium: {rows[0][1] / gym_sps:.1f}x")
