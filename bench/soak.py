"""Soak: many resets and steps across families and bodies in one process, sampling its resident memory, thread count
and open files. After warm-up all three must stay flat (a leak in the engine, the pool or the bindings shows here).

    python bench/soak.py                       # 10^6 resets and 10^7 steps (tens of minutes on 2 cores)
    python bench/soak.py --resets 50000 --steps 200000
"""

from __future__ import annotations

import argparse
import itertools
import time
from dataclasses import dataclass

import numpy as np
import psutil

import boxwalk

# (family, body): every family, walkers with and without water, grasping and many motors
MIX = [("stump_tracks", "old_classic_bipedal"), ("parkour", "fish"), ("obstacle_course", "spider"),
       ("parkour", "climbing_profile_chimpanzee"), ("hexagon_tracks", "millipede"), ("gaps", "wheel"),
       ("heightfield", "small_bipedal")]


@dataclass
class Sample:
    resets: int
    steps: int
    seconds: float
    rss_mb: float
    threads: int
    open_fds: int


def soak(resets: int, steps: int, *, num_envs: int = 16, threads: int = 2, samples: int = 20,
         progress: bool = True) -> list[Sample]:
    """Runs the workload and returns samples taken after each of ``samples`` equal chunks."""
    process = psutil.Process()
    out: list[Sample] = []
    done_resets = done_steps = 0
    start = time.perf_counter()
    mix = itertools.cycle(MIX)
    rng = np.random.default_rng(0)
    for chunk in range(1, samples + 1):
        family, body = next(mix)
        env = boxwalk.WalkerVectorEnv(num_envs, family=family, body=body, num_threads=threads, max_episode_steps=200)
        env.reset(seed=chunk)
        done_resets += num_envs
        act = env.single_action_space.shape[0]
        while done_resets < resets * chunk // samples:  # explicit resets, half of the envs at a time
            mask = rng.random(num_envs) < 0.5
            mask[rng.integers(num_envs)] = True  # a reset must select at least one env
            env.reset(options={"reset_mask": mask})
            done_resets += int(mask.sum())
        while done_steps < steps * chunk // samples:
            *_, info = env.step(rng.uniform(-1, 1, (num_envs, act)).astype(np.float32))
            done_steps += num_envs
            done_resets += int(np.count_nonzero(info.get("_task", ())))
        env.close()
        out.append(Sample(done_resets, done_steps, time.perf_counter() - start, process.memory_info().rss / 2**20,
                          process.num_threads(), process.num_fds()))
        if progress:
            s = out[-1]
            print(f"{s.resets:>10,} resets {s.steps:>12,} steps {s.seconds:7.0f} s  RSS {s.rss_mb:7.1f} MB  "
                  f"threads {s.threads}  open fds {s.open_fds}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resets", type=int, default=1_000_000)
    parser.add_argument("--steps", type=int, default=10_000_000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    samples = soak(args.resets, args.steps, threads=args.threads)
    warm = samples[len(samples) // 5]
    last = samples[-1]
    print(f"after warm-up ({warm.resets:,} resets): RSS {warm.rss_mb:.1f} -> {last.rss_mb:.1f} MB "
          f"({last.rss_mb - warm.rss_mb:+.1f}), threads {warm.threads} -> {last.threads}, "
          f"open fds {warm.open_fds} -> {last.open_fds}")


if __name__ == "__main__":
    main()
