"""The learning loop against the physics, measured in one run on this machine.

    python bench/training.py [--ppo-steps 300000] [--sac-steps 30000] [--repeats 2] [--skip-sac]

Rows:
  * raw random stepping of the vector env PPO uses (Stump Tracks, 16 envs, all cores, SAME_STEP autoreset);
  * end-to-end training steps/s (evaluation excluded: the train.jsonl clock) of PPO (vectorized preset) with
    ALP-GMM and with Random, and their ratio to raw stepping; ALP-GMM's overhead over Random (runs interleaved,
    median of ``--repeats``);
  * SAC (teachmyagent preset: SpinningUp 0.1.1, batch 1000, 400-300 nets, 1 env) with ALP-GMM, after its 10k
    random start steps, and the FLOP rate of one of its updates against a plain matmul of its largest layer;
  * the policy forward of an acting call (microseconds for 16 and 64 envs, PPO and SAC);
  * a stepping loop with PPO acting: synchronous ``step`` vs ``send``/``recv`` on two halves of the batch.
Targets (issue 17, 2 cores): PPO + ALP-GMM >= 0.45x raw; ALP-GMM <= 5 % over Random; SAC >= 1.5x its 254 steps/s
before the issue, or within 20 % of the matmul-bound rate; acting <= 100 us for 16 envs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from torch.utils.flop_counter import FlopCounterMode

from boxwalk import learners
from boxwalk.envs import families
from boxwalk.envs.vector import WalkerVectorEnv
from boxwalk.experiments import TrainConfig, Trainer
from boxwalk.experiments.logs import read_jsonl
from boxwalk.experiments.throughput import time_vector

SAC_BEFORE = 254  # steps/s of SAC + ALP-GMM before issue 17, same machine (bench/training.py at 372ae07)


def steady_rate(run: Path, after: int) -> float:
    rows = read_jsonl(run / "train.jsonl")
    start = next(r for r in rows if r["steps"] >= after)
    end = rows[-1]
    return (end["steps"] - start["steps"]) / (end["time"] - start["time"])


def train_rate(learner: str, teacher: str, steps: int, warmup: int) -> tuple[float, float]:
    """(steady steps/s, fraction of the training time spent in the teacher's calls)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        config = TrainConfig(env="stump-tracks", teacher=teacher, learner=learner, steps=steps, out=str(out),
                             eval_every=10**9, checkpoint_every=10**9, log_every=4_096, tensorboard=False)
        trainer = Trainer(config, progress=False, report=False)
        spent = [0.0]

        def timed(method):
            def call(*args, **kwargs):
                t0 = time.perf_counter()
                try:
                    return method(*args, **kwargs)
                finally:
                    spent[0] += time.perf_counter() - t0
            return call

        cls = type(trainer.teacher)  # patched on the class: instance attributes would end up in checkpoints
        sample, update = cls.sample, cls.update
        cls.sample, cls.update = timed(sample), timed(update)
        try:
            trainer.run()
        finally:
            cls.sample, cls.update = sample, update
        return steady_rate(out, warmup), spent[0] / trainer.train_time


def raw_rate(num_envs: int, seconds: float) -> float:
    env = WalkerVectorEnv(num_envs, family="stump_tracks", autoreset_mode="SameStep",
                          max_episode_steps=families.family("stump_tracks").time_limit())
    try:
        return time_vector(env, num_envs, seconds)
    finally:
        env.close()


def acting_us(name: str, num_envs: int, calls: int = 2_000) -> float:
    """Microseconds per exploration call (one torch thread, varied observations)."""
    learner = learners.make(name, obs_dim=24, act_dim=4, num_envs=num_envs, seed=0,
                            **({"n_steps": 8} if name == "ppo" else {"start_steps": 0}))
    pool = np.random.default_rng(0).normal(size=(64, num_envs, 24)).astype(np.float32) * 2
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for k in range(calls // 64):
            for obs in pool:
                learner.act(obs)
                getattr(learner, "_pending", {}).clear()  # acting only: no rollout is being stored
        best = min(best, (time.perf_counter() - t0) / (calls // 64 * 64))
    return best * 1e6


def sac_flop_rate() -> tuple[float, float, float, float]:
    """(ms per update, achieved GFLOP/s, GFLOP/s of a 1000x400 @ 400x300 matmul, share of the update's time in its
    matrix products) on the update threads."""
    sac = learners.make("sac", obs_dim=24, act_dim=4, preset="teachmyagent", seed=0, buffer_size=4_000)
    rng = np.random.default_rng(0)
    obs = rng.normal(size=(2_000, 24)).astype(np.float32)
    sac.buffer.add(obs, rng.uniform(-1, 1, (2_000, 4)).astype(np.float32), rng.normal(size=2_000).astype(np.float32),
                   obs, np.zeros(2_000, np.float32))
    with FlopCounterMode(display=False) as counter:
        sac._update()
    for _ in range(3):
        sac._update()
    t0 = time.perf_counter()
    for _ in range(20):
        sac._update()
    per_update = (time.perf_counter() - t0) / 20
    a, w = torch.randn(1000, 400), torch.randn(400, 300)
    for _ in range(10):
        torch.mm(a, w)
    t0 = time.perf_counter()
    for _ in range(300):
        torch.mm(a, w)
    matmul = 2 * 1000 * 400 * 300 / ((time.perf_counter() - t0) / 300)
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        for _ in range(5):
            sac._update()
    events = prof.key_averages()
    gemm = sum(e.self_cpu_time_total for e in events if e.key in ("aten::mm", "aten::addmm", "aten::bmm"))
    share = gemm / sum(e.self_cpu_time_total for e in events)
    return per_update * 1e3, counter.get_total_flops() / per_update / 1e9, matmul / 1e9, share


def acting_loop(halves: bool, num_envs: int = 16, seconds: float = 4.0) -> float:
    """Env steps/s of stepping Stump Tracks with PPO's acting in the loop (no learning)."""
    env = WalkerVectorEnv(num_envs, family="stump_tracks", autoreset_mode="SameStep", max_episode_steps=2000,
                          batch_size=num_envs // 2 if halves else None)
    half = num_envs // 2 if halves else num_envs
    groups = [np.arange(0, half), np.arange(half, num_envs)] if halves else [np.arange(num_envs)]
    actors = [learners.make("ppo", obs_dim=24, act_dim=4, num_envs=half, n_steps=8) for _ in groups]
    steps = 0
    if halves:
        env.async_reset(seed=0)
    else:
        obs, _ = env.reset(seed=0)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for ids, actor in zip(groups, actors):
            if halves:
                obs, *_ = env.recv(ids)
                env.send(actor.act(obs), ids)
            else:
                obs, *_ = env.step(actor.act(obs))
            actor._pending.clear()
            steps += len(ids)
    rate = steps / (time.perf_counter() - t0)
    env.close()
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ppo-steps", type=int, default=300_000)
    parser.add_argument("--sac-steps", type=int, default=30_000)
    parser.add_argument("--repeats", type=int, default=2, help="interleaved runs per PPO teacher (median)")
    parser.add_argument("--seconds", type=float, default=5.0, help="timed window of the raw and loop rows")
    parser.add_argument("--skip-sac", action="store_true")
    args = parser.parse_args()
    update_threads = torch.get_num_threads()
    print(f"cores: {os.cpu_count()}, torch update threads: {update_threads}\n")

    raw = raw_rate(16, args.seconds)
    rates: dict[str, list[float]] = {"alp-gmm": [], "random": []}
    shares: dict[str, list[float]] = {"alp-gmm": [], "random": []}
    for _ in range(args.repeats):
        for teacher in rates:
            rate, share = train_rate("ppo", teacher, args.ppo_steps, warmup=20_000)
            rates[teacher].append(rate)
            shares[teacher].append(share)
    alp, rnd = statistics.median(rates["alp-gmm"]), statistics.median(rates["random"])
    print(f"{'raw random stepping, Stump Tracks, 16 envs':52s} {raw:9,.0f} steps/s")
    print(f"{'PPO vectorized + ALP-GMM, end to end':52s} {alp:9,.0f} steps/s  {alp / raw:.2f}x raw  (target 0.45x)")
    print(f"{'PPO vectorized + Random, end to end':52s} {rnd:9,.0f} steps/s  {rnd / raw:.2f}x raw")
    print(f"{'ALP-GMM vs Random, end to end':52s} {100 * (rnd / alp - 1):8.1f} %         (target <= 5 %)"
          f"   runs: {[round(r) for r in rates['alp-gmm']]} vs {[round(r) for r in rates['random']]}")
    print(f"{'time in teacher calls: ALP-GMM / Random':52s} {100 * statistics.median(shares['alp-gmm']):8.1f} % /"
          f" {100 * statistics.median(shares['random']):.1f} % of training time (sample + update, fit waits)")
    print("   (end-to-end rates also differ because the curricula differ: other tasks, other episode lengths)")

    if not args.skip_sac:
        sac, _ = train_rate("sac", "alp-gmm", args.sac_steps, warmup=12_000)
        torch.set_num_threads(update_threads)
        ms, achieved, matmul, gemm_share = sac_flop_rate()
        print(f"{'SAC teachmyagent + ALP-GMM, end to end':52s} {sac:9,.0f} steps/s  {sac / SAC_BEFORE:.2f}x before"
              f" ({SAC_BEFORE})")
        print(f"{'SAC update (batch 1000, 400-300)':52s} {ms:9.1f} ms      {achieved:.0f} GFLOP/s = "
              f"{achieved / matmul:.0%} of a plain 1000x400x300 matmul ({matmul:.0f} GFLOP/s); "
              f"{gemm_share:.0%} of its time in matrix products")

    torch.set_num_threads(1)
    print(f"\n{'policy forward per acting call (1 thread)':52s} {'16 envs':>9s} {'64 envs':>9s}")
    for name in ("ppo", "sac"):
        print(f"{name:52s} {acting_us(name, 16):7.1f}us {acting_us(name, 64):7.1f}us")
    sync, halves = acting_loop(False), acting_loop(True)
    print(f"\n{'stepping + PPO acting, 16 envs: step()':52s} {sync:9,.0f} steps/s")
    print(f"{'stepping + PPO acting, 16 envs: send/recv halves':52s} {halves:9,.0f} steps/s  {halves / sync:.2f}x")


if __name__ == "__main__":
    main()
