"""Terrain families: batched terrains/s, reset cost and steps/s on 1 and 2 threads.

    python bench/families.py [--seconds 2]

The Python reference figures are the ones measured for REFERENCE.md section 11 (one core of another x86-64 VM,
Python 3.11, box2d 2.3.10): they are context, not a same-run comparison (the reference code needs Python 3.6-3.8
and TF1, so it cannot run here).
"""

from __future__ import annotations

import argparse
import time

import gymnasium as gym
import numpy as np

import boxwalk
from boxwalk import terrain
from boxwalk.envs import families
from timing import mean_call_us

# Every family with tasks, by its first Gymnasium id (the registry's declaration order).
FAMILIES = {name: next(iter(spec.gym_ids)) for name, spec in families.FAMILIES.items() if spec.has_tasks}
# REFERENCE.md section 11: (steps/s, reset ms) of the Python envs with the classic biped.
PYTHON_REFERENCE = {
    "stump_tracks": "TeachMyAgent 6,759 steps/s, reset 1.3 ms; teachDeepRL 7,133 / 2.1 ms",
    "parkour": "TeachMyAgent 6,183 steps/s, reset 8.5 ms",
}


def terrains_per_second(family: str, threads: int, seconds: float) -> float:
    space = boxwalk.WalkerEnv(family).task_space
    n = 256 if family == "parkour" else 2048
    tasks = space.sample(n, rng=0)
    seeds = np.arange(n)
    done, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        terrain.generate(family, tasks, seeds, num_threads=threads)
        done += n
    return done / (time.perf_counter() - t0)


def single_reset_us(env_id: str, seconds: float) -> float:
    env = gym.make(env_id).unwrapped
    env.reset(seed=0)
    return mean_call_us(env.reset, seconds)


def vector_steps(env_id: str, threads: int, seconds: float) -> tuple[float, float]:
    n = 64
    env = gym.make_vec(env_id, num_envs=n, num_threads=threads)
    actions = np.random.default_rng(0).uniform(-1, 1, (32, n, 4)).astype(np.float32)
    env.reset(seed=0)
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for a in actions:
            env.step(a)
        steps += 32 * n
    sps = steps / (time.perf_counter() - t0)
    reset_us = mean_call_us(env.reset, seconds / 4) / n
    env.close()
    return sps, reset_us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    head = (f"{'family':16s} {'terrains/s 1t':>13s} {'2t':>9s} {'reset us (1 env)':>17s} {'steps/s N=64 1t':>16s} "
            f"{'2t':>8s} {'reset us/env 2t':>16s}")
    print(head)
    print("-" * len(head))
    for family, env_id in FAMILIES.items():
        t1 = terrains_per_second(family, 1, args.seconds)
        t2 = terrains_per_second(family, 2, args.seconds)
        r1 = single_reset_us(env_id, args.seconds / 2)
        s1, _ = vector_steps(env_id, 1, args.seconds)
        s2, r2 = vector_steps(env_id, 2, args.seconds)
        print(f"{family:16s} {t1:13,.0f} {t2:9,.0f} {r1:17,.0f} {s1:16,.0f} {s2:8,.0f} {r2:16,.0f}")
    print("\nPython reference (REFERENCE.md section 11, one core, another VM):")
    for family, text in PYTHON_REFERENCE.items():
        print(f"  {family}: {text}")
    print("Target: Parkour >= 10,000 terrains/s per core.")


if __name__ == "__main__":
    main()
