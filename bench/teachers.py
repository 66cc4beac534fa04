"""Teachers on the synthetic student (boxwalk.teachers.synthetic), and the cost of sample/update.

    python bench/teachers.py [--seeds 8] [--episodes N] [--dims 2 5] [--teachers random alp-gmm ...] [--preset P]

For each dimension d: % of learnable cells mastered after the episode budget (default 16,000 in 2-D, 8,000 in 5-D;
--episodes overrides both) as mean ± s.d. over seeds, and a Welch t-test against Random. Student: 10 bins per
dimension in 2-D, 3 in 5-D, +2 % competence per practice at the frontier, none beyond it, no return noise, 20 %
unlearnable cells. Then the cost per episode of sample() and update() for each teacher, and the ALP-GMM fit time
with fit_rate 150 on a 100k-episode history.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import stats

from boxwalk import TaskSpace, teachers
from boxwalk.teachers.synthetic import run

CELLS = {2: 10, 5: 3}
EPISODES = {2: 16_000, 5: 8_000}
STUDENT = {"gain": 0.02, "far_gain": 0.0, "noise": 0.0}


def mastery_table(dims, names, seeds: int, episodes: int | None, preset: str = "teachmyagent") -> None:
    for d in dims:
        episodes_d = episodes or EPISODES[d]
        print(f"\n== {d}-D, {CELLS[d]}^{d} cells, {episodes_d} episodes, {seeds} seeds, preset {preset}")
        finals: dict[str, list[float]] = {}
        for name in names:
            t0 = time.perf_counter()
            finals[name] = [run(name, d, CELLS[d], episodes_d, s, student_kwargs=STUDENT, preset=preset)[-1]
                            for s in range(seeds)]
            line = f"{name:14s} {np.mean(finals[name]):6.1f} ± {np.std(finals[name]):5.1f} % mastered"
            if name != "random" and "random" in finals:
                p = stats.ttest_ind(finals[name], finals["random"], equal_var=False).pvalue
                better = np.mean(finals[name]) > np.mean(finals["random"])
                line += f"   vs random: p = {p:.2g} ({'better' if better else 'not better'})"
            print(line + f"   [{time.perf_counter() - t0:.0f} s]", flush=True)


def costs(names) -> None:
    space = TaskSpace(["a", "b"], [0, 0], [1, 1])
    rng = np.random.default_rng(0)
    print("\n== cost per episode (2-D, batches of 32, 1000 episodes)")
    for name in names:
        teacher = teachers.make(name, space, seed=0)
        t_sample = t_update = 0.0
        for _ in range(32):
            t0 = time.perf_counter()
            tasks = teacher.sample(32)
            t1 = time.perf_counter()
            teacher.update(tasks, rng.uniform(-150, 350, 32))
            t2 = time.perf_counter()
            t_sample, t_update = t_sample + t1 - t0, t_update + t2 - t1
        print(f"{name:14s} sample {t_sample / 1024 * 1e6:8.1f} us   update {t_update / 1024 * 1e6:8.1f} us", flush=True)
    # ALP-GMM on a 100k-episode history: the nearest-neighbour ALP stays cheap, and a fit only sees fit_rate points.
    from boxwalk.teachers.gmm import fit_best_gmm

    teacher = teachers.make("alp-gmm", space, seed=0, fit_rate=150)
    tasks, returns = rng.uniform(0, 1, (100_000, 2)), rng.uniform(-150, 350, 100_000)
    t0 = time.perf_counter()
    teacher.update(tasks, returns)
    t1 = time.perf_counter()
    fit_best_gmm(np.array(teacher.data[-150:]), teacher.potential_ks, criterion="aic", seed=0, n_init=1)
    t2 = time.perf_counter()
    print(f"ALP-GMM, 100k episodes: {(t1 - t0) / 100_000 * 1e6:.1f} us per episode on average (fits included); "
          f"one fit (k = 2..9, 150 points) {1e3 * (t2 - t1):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--episodes", type=int, default=None, help="episode budget for every dimension")
    parser.add_argument("--dims", type=int, nargs="+", default=[2, 5], choices=sorted(CELLS))
    parser.add_argument("--teachers", nargs="+", default=teachers.names(), choices=teachers.names())
    parser.add_argument("--preset", default="teachmyagent", choices=sorted(teachers.PRESETS),
                        help="teacher hyper-parameters (teachdeeprl also scales returns to [0, 1])")
    parser.add_argument("--skip-costs", action="store_true", help="only the mastery table")
    parser.add_argument("--skip-table", action="store_true", help="only the costs")
    args = parser.parse_args()
    names = ["random"] + [n for n in args.teachers if n != "random"]
    if not args.skip_table:
        mastery_table(args.dims, names, args.seeds, args.episodes, args.preset)
    if not args.skip_costs:
        costs(names)


if __name__ == "__main__":
    main()
