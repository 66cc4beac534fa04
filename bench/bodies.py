"""Steps/s per body on Stump Tracks and Parkour: one core (a vector env of 16 on 1 thread) and 2 threads, random
actions, automatic resets included; next to the Python reference envs. A last row puts the fish fully under water
(water level 1 on every episode), where the water forces run on every part every step.

    python bench/bodies.py [--seconds 2]

The reference figures are REFERENCE.md section 11 (TeachMyAgent's Python envs, one core of another x86-64 VM):
context, not a same-run comparison (the reference code needs Python 3.6-3.8 and TF1, so it cannot run here).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import boxwalk

# REFERENCE.md section 11: TeachMyAgent's Python envs, steps/s on one core.
PYTHON_REFERENCE = {
    ("stump_tracks", "old_classic_bipedal"): 6_759, ("stump_tracks", "small_bipedal"): 5_645,
    ("stump_tracks", "old_big_quadru"): 3_690, ("stump_tracks", "spider"): 2_687,
    ("stump_tracks", "millipede"): 1_840, ("stump_tracks", "wheel"): 2_988,
    ("stump_tracks", "profile_chimpanzee"): 2_579, ("parkour", "old_classic_bipedal"): 6_183,
    ("parkour", "amphibious_bipedal"): 4_862, ("parkour", "fish"): 5_369,
    ("parkour", "climbing_profile_chimpanzee"): 1_101, ("parkour submerged", "fish"): 645,
}
SUBMERGED = "parkour submerged"


def steps_per_second(family: str, body: str, threads: int, seconds: float, num_envs: int = 16) -> float:
    submerged = family == SUBMERGED
    env = boxwalk.WalkerVectorEnv(num_envs, family="parkour" if submerged else family, body=body,
                                  num_threads=threads, max_episode_steps=2000)
    everyone = np.arange(num_envs)
    if submerged:
        deep = np.tile(env.task_space.sample(1, 0)[0], (num_envs, 1))
        deep[:, env.task_space.names.index("water_level")] = 1.0
        env.set_next_tasks(everyone, deep)
    env.reset(seed=0)
    rng = np.random.default_rng(0)
    actions = rng.uniform(-1, 1, (64, num_envs, env.single_action_space.shape[0])).astype(np.float32)
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        _, _, terminated, truncated, _ = env.step(actions[steps % 64])
        if submerged and (terminated | truncated).any():
            done = everyone[terminated | truncated]
            env.set_next_tasks(done, deep[done])
        steps += 1
    rate = steps * num_envs / (time.perf_counter() - start)
    env.close()
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    print(f"{'family':17s} {'body':33s} {'obs/act':>8s} {'1 thread':>9s} {'2 threads':>10s} {'Python ref':>11s} "
          f"{'1-thread ratio':>15s}")
    rows = [(family, body) for family in ("stump_tracks", "parkour") for body in boxwalk.body_names(family)]
    for family, body in rows + [(SUBMERGED, "fish")]:
        probe = boxwalk.WalkerEnv("parkour" if family == SUBMERGED else family, body=body)
        sizes = f"{probe.observation_space.shape[0]}/{probe.action_space.shape[0]}"
        one = steps_per_second(family, body, 1, args.seconds)
        two = steps_per_second(family, body, 2, args.seconds)
        ref = PYTHON_REFERENCE.get((family, body))
        ratio = f"{one / ref:.1f}x" if ref else "-"
        print(f"{family:17s} {body:33s} {sizes:>8s} {one:9,.0f} {two:10,.0f} {ref or '-':>11} {ratio:>15s}")


if __name__ == "__main__":
    main()
