"""End-to-end throughput of PPO (dcd's preset) with ACCEL and PLR-perp against PPO with DR on the obstacle course,
measured in the same process: environment steps per second of training (every env step counts, scoring rollouts
included; evaluations excluded).

    python bench/ued.py --steps 327680 --threads 1
"""

from __future__ import annotations

import argparse
import tempfile

from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.train import Trainer


def run(teacher: str, steps: int, threads: int, out: str) -> float:
    cfg = TrainConfig(env="obstacle-course", teacher=teacher, learner="ppo", learner_preset="dcd", seed=0,
                      steps=steps, eval_every=10**12, checkpoint_every=10**12, log_every=10**12, num_threads=threads,
                      torch_threads=threads, out=f"{out}/{teacher}", tensorboard=False, holdout_episodes=0,
                      eval_envs=1, test_set="default")
    return Trainer(cfg, progress=False, report=False).run().steps_per_second  # evaluations are off the clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=10 * 32768, help="env steps per teacher (dcd rollouts: 32768)")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        rates = {t: run(t, args.steps, args.threads, out) for t in ("dr", "plr", "accel")}
    for teacher, rate in rates.items():
        print(f"PPO + {teacher:6s} {rate:9,.0f} env steps/s   {rate / rates['dr']:.2f}x PPO + DR")


if __name__ == "__main__":
    main()
