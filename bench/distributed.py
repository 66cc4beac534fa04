"""Ray on this machine: what a sweep costs per run, and how PPO's rollout workers scale.

    python bench/distributed.py [--runs 4] [--run-steps 4096] [--train-steps 200000]

1. Sweep overhead: Ray's start, then ``--runs`` tiny runs one at a time through ``run_sweep`` against the same runs
   trained in this process (both write each run's report); (sweep time - Ray start - in-process time) / runs is the scheduling cost of a run
   (worker process start, imports, result transfer); the closing comparison is left out of both. Also the same
   sweep two at a time.
2. Rollout workers: PPO sampling only (16 envs x 512 steps, the vectorized preset's rollout) in process and on 1
   and 2 workers, then whole PPO + ALP-GMM runs on Stump Tracks with ``workers`` = 0, 1, 2 (combined steps/s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import ray
import torch

from boxwalk.distributed.rollout import RolloutPool
from boxwalk.experiments.sweep import load_sweep, run_sweep
from boxwalk.experiments import TrainConfig, Trainer
from boxwalk.learners import PPO

SWEEP = """
[sweep]
out = "{out}"
cpus_per_run = 1
[grid]
seed = {seeds}
[train]
env = "stump-tracks"
teacher = "random"
steps = {steps}
eval_every = {steps}
checkpoint_every = {steps}
log_every = {steps}
eval_envs = 8
test_set = "{test_set}"
tensorboard = false
learner_options = {{ num_envs = 8, n_steps = 256, n_epochs = 2, minibatch_size = 512 }}
"""


def sweep_overhead(tmp: Path, runs: int, steps: int) -> None:
    test_set = tmp / "tasks.npy"
    np.save(test_set, np.array([[0.0, 6.0], [1.5, 3.0], [2.5, 1.0]]))
    text = SWEEP.format(out=tmp / "sweep", seeds=list(range(runs)), steps=steps, test_set=test_set)
    path = tmp / "sweep.toml"
    path.write_text(text)
    spec = load_sweep(path)
    tick = time.perf_counter()
    for cell in spec.cells():
        config = cell.config
        config.out = str(tmp / "local" / cell.name)
        Trainer(config, progress=False).run()  # with its report, as the sweep's runs
    local = time.perf_counter() - tick
    rows = []
    for concurrent in (1, 2):
        shutil.rmtree(tmp / "sweep", ignore_errors=True)
        result = run_sweep(spec, max_concurrent=concurrent, progress=False, log=lambda _: None)
        ray.shutdown()
        rows.append((concurrent, result.ray_start_seconds, result.seconds - result.compare_seconds))
    print(f"\nSweep of {runs} runs x {steps:,} steps (PPO 8 envs, random teacher, tiny evaluation)")
    print(f"  in this process, one after another: {local:6.1f} s ({local / runs:.2f} s per run)")
    for concurrent, start, total in rows:
        per_run = (total - start - (local if concurrent == 1 else 0)) / runs
        extra = f", scheduling overhead {per_run:.2f} s per run" if concurrent == 1 else \
            f", runs {local / (total - start):.2f}x faster than in process"
        print(f"  run_sweep, {concurrent} at a time:         {total:6.1f} s (Ray start {start:.1f} s{extra})")


def sampling_rate(workers: int, rollouts: int) -> float:
    config = TrainConfig(env="stump-tracks", teacher="random", workers=workers, tensorboard=False)
    lcfg = config.learner_config()
    teacher = config.make_teacher()
    if workers:
        pool = RolloutPool(config.env_kwargs(num_threads=1), lcfg, config.seed, workers)
        learner = PPO(pool.obs_dim, pool.act_dim, lcfg, seed=0)
        pool.start_segment(0, 0, teacher.sample)
        pool.collect(learner.acting_state(), lambda e: teacher.update(e.task, e.returns, e.success), teacher.sample)
        tick = time.perf_counter()
        for _ in range(rollouts):
            pool.collect(learner.acting_state(), lambda e: teacher.update(e.task, e.returns, e.success),
                         teacher.sample)
        rate = rollouts * lcfg.rollout_size / (time.perf_counter() - tick)
        pool.close()
        return rate
    env = config.make_env(lcfg.num_envs)
    learner = PPO(env.single_observation_space.shape[0], env.single_action_space.shape[0], lcfg, seed=0)
    env.set_next_tasks(np.arange(env.num_envs), teacher.sample(env.num_envs))
    obs, _ = env.reset(seed=0)
    tick = time.perf_counter()
    for _ in range(rollouts * lcfg.n_steps):
        obs, _, _, _, info = env.step(learner.act(obs))
        if "episode_stats" in info:
            idx = np.flatnonzero(info["_episode_stats"])
            env.set_next_tasks(idx, teacher.sample(len(idx)))
    rate = rollouts * lcfg.rollout_size / (time.perf_counter() - tick)
    env.close()
    return rate


def training_rate(tmp: Path, workers: int, steps: int) -> float:
    config = TrainConfig(env="stump-tracks", teacher="alp-gmm", steps=steps, workers=workers,
                         out=str(tmp / f"train-{workers}"), eval_every=10**9, checkpoint_every=10**9,
                         tensorboard=False)
    return Trainer(config, progress=False, report=False).run().steps_per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--run-steps", type=int, default=4096)
    parser.add_argument("--rollouts", type=int, default=6, help="sampled rollouts per sampling measurement")
    parser.add_argument("--train-steps", type=int, default=200_000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"{os.cpu_count()} CPUs, Ray {ray.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        sweep_overhead(Path(tmp), args.runs, args.run_steps)
        print("\nPPO rollout workers (vectorized preset: 16 envs x 512 steps per rollout), Stump Tracks")
        print(f"  {'workers':>7s} {'sampling steps/s':>17s} {'training steps/s':>17s}")
        base_sampling = base_training = None
        ray.init(num_cpus=os.cpu_count(), include_dashboard=False, logging_level="ERROR", log_to_driver=False)
        for workers in (0, 1, 2):
            sampling = sampling_rate(workers, args.rollouts)
            training = training_rate(Path(tmp), workers, args.train_steps)
            base_sampling = base_sampling or sampling
            base_training = base_training or training
            label = "0 (in process)" if workers == 0 else str(workers)
            print(f"  {label:>14s} {sampling:10,.0f} ({sampling / base_sampling:.2f}x) "
                  f"{training:10,.0f} ({training / base_training:.2f}x)")
        ray.shutdown()


if __name__ == "__main__":
    main()
