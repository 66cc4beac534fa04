"""The workload `make fast` trains profile-guided optimisation on: every task family with several bodies, vector
steps with random actions and autoresets, single-env resets and steps, and batched terrain generation, on 1 and 2
threads (about a minute). Any run of the instrumented build adds to the profiles; this one covers the hot paths.

    python bench/pgo_workload.py
"""

from __future__ import annotations

import numpy as np

import boxwalk
from boxwalk import terrain
from boxwalk.envs import families

BODIES = ("old_classic_bipedal", "spider", "small_bipedal", "climbing_profile_chimpanzee", "fish")


def vector_steps(make, steps: int, seed: int) -> None:
    env = make()
    rng = np.random.default_rng(seed)
    env.reset(seed=seed)
    low, high = env.single_action_space.low, env.single_action_space.high
    for _ in range(steps):
        env.step(rng.uniform(low, high, (env.num_envs, len(low))).astype(np.float32))
    env.close()


def main() -> None:
    for threads in (1, 2):
        for hardcore in (False, True):
            vector_steps(lambda: boxwalk.BipedalWalkerVectorEnv(16, hardcore=hardcore, num_threads=threads), 600, 0)
        for family in families.task_families():
            for body in [b for b in BODIES if b in boxwalk.body_names(family)] or boxwalk.body_names(family)[:1]:
                vector_steps(lambda: boxwalk.WalkerVectorEnv(16, family=family, body=body, num_threads=threads),
                             300, 1)
    for family in families.task_families():  # resets: where a fresh terrain and world are built
        env = boxwalk.WalkerEnv(family)
        for seed in range(200):
            env.reset(seed=seed)
            env.step(env.action_space.sample())
        space = env.task_space
        terrain.generate(family, space.sample(256, rng=0), np.arange(256), num_threads=2)
    single = boxwalk.BipedalWalkerVectorEnv(1, num_threads=1)
    for seed in range(300):
        single.reset(seed=seed)
    single.close()


if __name__ == "__main__":
    main()
