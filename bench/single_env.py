"""Single-env throughput and reset cost: boxwalk vs Gymnasium's own BipedalWalker, measured in the same run.

    python bench/single_env.py [--seconds 3] [--repeats 3]

Random float32 actions, reset when an episode ends; each figure is the median of --repeats timed windows.
"""

from __future__ import annotations

import argparse
import statistics
import time

import gymnasium as gym
import numpy as np

import boxwalk  # noqa: F401  (registers the boxwalk ids)
from timing import mean_call_us

IDS = ["BipedalWalker-v3", "BipedalWalkerHardcore-v3"]


def steps_per_second(env, seconds: float) -> float:
    rng = np.random.default_rng(0)
    actions = rng.uniform(-1, 1, size=(4096, 4)).astype(np.float32)
    env.reset(seed=0)
    n, t0 = 0, time.perf_counter()
    while True:
        for a in actions[: 256]:
            _, _, term, trunc, _ = env.step(a)
            if term or trunc:
                env.reset()
        n += 256
        actions = np.roll(actions, 1, axis=0)
        if time.perf_counter() - t0 >= seconds:
            return n / (time.perf_counter() - t0)


def reset_microseconds(env, seconds: float) -> float:
    env.reset(seed=0)
    return mean_call_us(env.reset, seconds)


def median(fn, repeats: int) -> float:
    return statistics.median(fn() for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one timed window")
    parser.add_argument("--repeats", type=int, default=3, help="timed windows per figure (median)")
    args = parser.parse_args()

    rows = []
    for env_id in IDS:
        for wrapped in (True, False):
            ref = gym.make(env_id)
            ours = gym.make("boxwalk/" + env_id)
            if not wrapped:
                ref, ours = ref.unwrapped, ours.unwrapped
            label = f"{env_id}{'' if wrapped else ' (unwrapped)'}"
            g_sps = median(lambda: steps_per_second(ref, args.seconds), args.repeats)
            b_sps = median(lambda: steps_per_second(ours, args.seconds), args.repeats)
            g_rst = median(lambda: reset_microseconds(ref, args.seconds / 3), args.repeats)
            b_rst = median(lambda: reset_microseconds(ours, args.seconds / 3), args.repeats)
            rows.append((label, g_sps, b_sps, g_rst, b_rst))

    head = f"{'env (one env, Python API)':40s} {'gym steps/s':>12s} {'boxwalk':>10s} {'ratio':>7s}   " \
           f"{'gym reset us':>12s} {'boxwalk':>9s} {'ratio':>7s}"
    print(head)
    print("-" * len(head))
    for label, g_sps, b_sps, g_rst, b_rst in rows:
        print(f"{label:40s} {g_sps:12,.0f} {b_sps:10,.0f} {b_sps / g_sps:6.2f}x   "
              f"{g_rst:12,.0f} {b_rst:9,.1f} {g_rst / b_rst:6.1f}x")
    print("targets: >= 3x per step, >= 30x on reset")


if __name__ == "__main__":
    main()
