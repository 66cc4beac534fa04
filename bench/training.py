"""End-to-end training throughput (env steps/s, evaluation excluded) on this machine, one run per row.

    python bench/training.py [--ppo-steps 500000] [--sac-steps 30000]

PPO (vectorized preset) with ALP-GMM on Stump Tracks, target >= 10k steps/s on 2 cores; SAC (teachmyagent preset:
SpinningUp 0.1.1, batch 1000, 400-300 nets, one update per 10 steps) with ALP-GMM, target >= 250 steps/s, twice
TeachMyAgent's ~125. SAC is measured after its 10k uniform-random start steps (the updates run from the start in
0.1.1, but the policy forward pass does not).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from boxwalk import learners
from boxwalk.experiments import TrainConfig, Trainer
from boxwalk.experiments.logs import read_jsonl


def steady_rate(run: Path, after: int) -> float:
    rows = read_jsonl(run / "train.jsonl")
    start = next(r for r in rows if r["steps"] >= after)
    end = rows[-1]
    return (end["steps"] - start["steps"]) / (end["time"] - start["time"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ppo-steps", type=int, default=500_000)
    parser.add_argument("--sac-steps", type=int, default=30_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for learner, steps, warmup, target in [("ppo", args.ppo_steps, 0, 10_000),
                                                ("sac", args.sac_steps, 12_000, 250)]:
            out = Path(tmp) / learner
            config = TrainConfig(env="stump-tracks", teacher="alp-gmm", learner=learner, steps=steps, out=str(out),
                                 eval_every=10**9, checkpoint_every=10**9, log_every=2_000, tensorboard=False)
            summary = Trainer(config, progress=False, report=False).run()
            rate = steady_rate(out, warmup)
            rows.append((f"{learner} ({learners.default_preset(learner)}) + alp-gmm, stump-tracks",
                         summary.steps, summary.steps_per_second, rate, target))
    print(f"{'run':46s} {'steps':>9s} {'overall/s':>10s} {'steady/s':>9s} {'target':>7s}")
    for label, steps, overall, steady, target in rows:
        print(f"{label:46s} {steps:9,d} {overall:10,.0f} {steady:9,.0f} {target:7,d}  ({steady / target:.2f}x)")


if __name__ == "__main__":
    main()
