"""Rendering throughput: frames/s of boxwalk's C++ rasteriser vs Gymnasium's pygame renderer (same state), and
batched VectorEnv.render on the thread pool.

    python bench/render.py [--seconds 2]
"""

from __future__ import annotations

import argparse
import os

import gymnasium as gym
import numpy as np

import boxwalk
from timing import mean_call_us


def walked_env(env, steps: int = 100):
    env.reset(seed=0)
    rng = np.random.default_rng(0)
    for _ in range(steps):
        env.step(rng.uniform(-1, 1, 4).astype(np.float32))
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    ours = walked_env(gym.make("boxwalk/BipedalWalker-v3", render_mode="rgb_array"))
    us = mean_call_us(ours.render, args.seconds)
    print(f"boxwalk   BipedalWalker-v3 render: {us:8.0f} us/frame  {1e6 / us:8.0f} frames/s")
    try:
        reference = walked_env(gym.make("BipedalWalker-v3", render_mode="rgb_array"))
        ref_us = mean_call_us(reference.render, args.seconds)
        print(f"Gymnasium BipedalWalker-v3 render: {ref_us:8.0f} us/frame  {1e6 / ref_us:8.0f} frames/s"
              f"   boxwalk is {ref_us / us:.1f}x faster")
    except (gym.error.DependencyNotInstalled, ImportError) as err:
        print(f"Gymnasium reference not measured: {err}")
    cores = os.cpu_count() or 1
    for n, threads in [(16, 1), (16, cores)]:
        envs = boxwalk.WalkerVectorEnv(n, family="stump_tracks", render_mode="rgb_array", num_threads=threads)
        envs.reset(seed=0)
        for _ in range(50):
            envs.step(envs.action_space.sample())
        us = mean_call_us(envs.render, args.seconds)
        print(f"boxwalk   Stump Tracks VectorEnv.render N={n} threads={threads}: {us / 1e3:6.1f} ms/batch  "
              f"{n * 1e6 / us:8.0f} frames/s")
        envs.close()


if __name__ == "__main__":
    main()
