"""Vector throughput: boxwalk's VectorEnv vs Gymnasium's SyncVectorEnv, EnvPool and a plain C++ floor, one run.

    python bench/throughput.py [--seconds 3] [--ids v3 hardcore]

Total env steps per second with random float32 actions and autoreset (NEXT_STEP), and reset microseconds per env.
The floor (bench/floor.cpp) is WalkerEnv::step in a C++ loop: Box2D with Gymnasium's 180/60 iterations, 10 lidar
rays, the observation -- what is left when every binding, batch and Python cost is gone.
"""

from __future__ import annotations

import argparse
import os

import gymnasium as gym

import boxwalk
from boxwalk import _core
from boxwalk.experiments.throughput import time_async
from boxwalk.experiments.throughput import time_vector as steps_per_second
from timing import mean_call_us

IDS = {"v3": "BipedalWalker-v3", "hardcore": "BipedalWalkerHardcore-v3"}


def time_vector(env, num_envs: int, seconds: float) -> tuple[float, float]:
    """(steps/s, reset us per env) of a Gymnasium-style vector env."""
    return steps_per_second(env, num_envs, seconds), mean_call_us(env.reset, seconds / 4) / num_envs


def envpool_make(env_id: str, num_envs: int, num_threads: int, batch_size: int | None = None):
    import envpool

    return envpool.make(env_id, env_type="gymnasium", num_envs=num_envs, batch_size=batch_size or num_envs,
                        num_threads=num_threads, seed=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="timed window per row")
    parser.add_argument("--ids", nargs="+", choices=list(IDS), default=list(IDS))
    args = parser.parse_args()
    try:
        import envpool  # noqa: F401

        have_envpool = True
    except ImportError:
        have_envpool = False
        print("EnvPool rows skipped: envpool is not installed (pip install 'boxwalk[bench]' on Python 3.11)")
    print(f"cores: {os.cpu_count()}, seconds per row: {args.seconds}\n")

    layouts = [(1, 1), (8, 1), (8, 2), (64, 1), (64, 2)]
    for key in args.ids:
        env_id = IDS[key]
        hardcore = key == "hardcore"
        rows: dict[str, tuple[float, float]] = {}
        for worlds, threads in [(1, 1), (64, 1), (64, 2)]:
            r = _core._testing.bench_floor(hardcore, worlds, threads, args.seconds)
            rows[f"C++ floor, {worlds} worlds, {threads} thr"] = (r["steps_per_second"], r["reset_us"])
        for n, t in layouts:
            env = boxwalk.BipedalWalkerVectorEnv(n, hardcore=hardcore, num_threads=t,
                                                 max_episode_steps=2000 if hardcore else 1600)
            rows[f"boxwalk VectorEnv N={n}, {t} thr"] = time_vector(env, n, args.seconds)
            env.close()
        env = boxwalk.BipedalWalkerVectorEnv(64, hardcore=hardcore, num_threads=2, batch_size=32,
                                             max_episode_steps=2000 if hardcore else 1600)
        rows["boxwalk send/recv N=64, batch 32, 2 thr"] = (time_async(env, args.seconds), float("nan"))
        env.close()
        env = gym.make_vec(env_id, 8, vectorization_mode="sync")
        rows["Gymnasium SyncVectorEnv N=8"] = time_vector(env, 8, args.seconds)
        env.close()
        if have_envpool:
            for n, t in layouts:
                rows[f"EnvPool 1.2.5 N={n}, {t} thr"] = time_vector(envpool_make(env_id, n, t), n, args.seconds)
            pool = envpool_make(env_id, 64, 2, batch_size=32)
            rows["EnvPool 1.2.5 send/recv N=64, batch 32, 2 thr"] = (time_async(pool, args.seconds), float("nan"))

        print(f"== {env_id}")
        print(f"{'':38s} {'steps/s':>10s} {'us/step':>8s} {'reset us/env':>13s}")
        for label, (sps, reset_us) in rows.items():
            print(f"{label:38s} {sps:10,.0f} {1e6 / sps:8.1f} {reset_us:13.1f}")

        ours2 = rows["boxwalk VectorEnv N=64, 2 thr"][0]
        ours1 = rows["boxwalk VectorEnv N=64, 1 thr"][0]
        floor2 = rows["C++ floor, 64 worlds, 2 thr"][0]
        floor1 = rows["C++ floor, 64 worlds, 1 thr"][0]
        gym_sps = rows["Gymnasium SyncVectorEnv N=8"][0]
        print(f"\nN=64, 2 threads vs 2-thread floor: {ours2 / floor2:5.2f}x   (target >= 0.9)")
        print(f"N=64, 2 threads vs Gymnasium:      {ours2 / gym_sps:5.2f}x   (target >= 6.5)")
        if have_envpool:
            best = max(v[0] for k, v in rows.items() if k.startswith("EnvPool") and "send/recv" not in k)
            print(f"N=64, 2 threads vs EnvPool best:   {ours2 / best:5.2f}x   (target >= 1.7)")
        print(f"1-thread overhead beyond the floor: {1e6 / ours1 - 1e6 / floor1:5.2f} us/step (target <= 5)")
        print(f"1 -> 2 threads (N=64):              {ours2 / ours1:5.2f}x   (target >= 1.85)")
        print(f"reset per env (N=64, 2 threads):   {rows['boxwalk VectorEnv N=64, 2 thr'][1]:6.1f} us (target <= 40)\n")


if __name__ == "__main__":
    main()
