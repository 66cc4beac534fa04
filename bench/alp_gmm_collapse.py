"""ALP-GMM's collapse on a synthetic student (issue 24): does the published algorithm do it, and does boxwalk's
training loop (16 envs, tasks queued one episode ahead, background fits used 16 episodes later) change it?

    python bench/alp_gmm_collapse.py [--seeds 20] [--episodes 4500] [--teachmyagent PATH/TO/TeachMyAgent]

The student (boxwalk.teachers.synthetic.NoisyStumpStudent) is TeachMyAgent's mostly-unfeasible Stump Tracks box in
miniature: learnable below stump height 3, pure-noise returns above. Per configuration and seed: the largest share of
a 500-episode window drawn from one ±2 % neighbourhood (uniform sampling: ~0.2 %) and the share of infeasible tasks.
With ``--teachmyagent`` (a checkout of flowersteam/TeachMyAgent; it is imported, never copied), the same student is
also fed to TeachMyAgent's own ALPGMM class, one episode at a time as its students do.
"""

from __future__ import annotations

import argparse
import sys
import time
import types
import warnings

import numpy as np

from boxwalk import teachers
from boxwalk.experiments.concentration import curriculum_concentration
from boxwalk.teachers.synthetic import NoisyStumpStudent, run_as_training_loop

WINDOW = 500


def summary(tasks: np.ndarray, student: NoisyStumpStudent) -> tuple[float, float]:
    space = student.task_space
    shares = [curriculum_concentration(tasks[k:k + WINDOW], space.low, space.high)["densest_share"]
              for k in range(0, len(tasks), WINDOW)]
    return max(shares), float(np.mean(tasks[:, 0] >= student.FEASIBLE_HEIGHT))


def boxwalk_run(name: str, num_envs: int, fit_lag: int):
    def run(seed: int, episodes: int) -> tuple[float, float]:
        student = NoisyStumpStudent(seed=seed)
        teacher = teachers.make(name, student.task_space, seed=seed + 1, fit_lag=fit_lag)
        return summary(run_as_training_loop(teacher, student, episodes, num_envs), student)
    return run


def teachmyagent_run(path: str):
    """TeachMyAgent's ALPGMM with its benchmark settings (fit every 150 episodes, k 2..9, 5 % random tasks)."""
    sys.path.insert(0, path)
    import gymnasium.spaces

    sys.modules.setdefault("gym", types.ModuleType("gym"))  # it imports gym.spaces.Box, which Gymnasium provides
    sys.modules.setdefault("gym.spaces", gymnasium.spaces)
    from TeachMyAgent.teachers.algos.alp_gmm import ALPGMM

    def run(seed: int, episodes: int) -> tuple[float, float]:
        student = NoisyStumpStudent(seed=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Gymnasium's Box warns about the float32 cast of its bounds
            teacher = ALPGMM([0.0, 0.0], [9.0, 6.0], seed=seed + 1, env_reward_lb=-150, env_reward_ub=350,
                             fit_rate=150, potential_ks=np.arange(2, 10), random_task_ratio=0.05)
        ran = []
        for _ in range(episodes):
            task = teacher.sample_task()
            teacher.episodic_update(task, student.episodes(np.array([task], np.float64))[0], False)
            ran.append(task)
        return summary(np.array(ran, np.float64), student)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--episodes", type=int, default=4500)
    parser.add_argument("--teachmyagent", help="path to a TeachMyAgent checkout (adds its own ALPGMM)")
    args = parser.parse_args()
    configs = {}
    if args.teachmyagent:
        configs["TeachMyAgent ALPGMM, one episode at a time"] = teachmyagent_run(args.teachmyagent)
    configs.update({
        "alp-gmm, one episode at a time": boxwalk_run("alp-gmm", 1, 0),
        "alp-gmm, 16 envs, task queue": boxwalk_run("alp-gmm", 16, 0),
        "alp-gmm, 16 envs, task queue, fit lag 16 (the loop)": boxwalk_run("alp-gmm", 16, 15),
        "alp-gmm-floor, the loop": boxwalk_run("alp-gmm-floor", 16, 15),
    })
    print(f"{args.seeds} seeds, {args.episodes} episodes; largest share of a {WINDOW}-episode window in one ±2 % "
          "neighbourhood (uniform: ~0.2 %)")
    for name, run in configs.items():
        tick = time.perf_counter()
        results = np.array([run(seed, args.episodes) for seed in range(args.seeds)])
        share, infeasible = results[:, 0], results[:, 1]
        print(f"{name:54s} mean {share.mean():.3f}  median {np.median(share):.3f}  seeds > 25 %: "
              f"{int((share > 0.25).sum())}/{len(share)}  infeasible tasks {infeasible.mean():.2f}  "
              f"({time.perf_counter() - tick:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
