"""Crash safety of `boxwalk train`: a run killed with SIGKILL at random moments (mid-step, mid-evaluation, mid-write
of a checkpoint) and resumed with --resume ends with logs equal to an uninterrupted run's."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

TIMING = {"time", "steps_per_s", "eval_seconds", "train_time"}


def command(out: Path, resume: bool = False) -> list[str]:
    return [sys.executable, "-m", "boxwalk.cli", "train", "--env", "stump-tracks", "--teacher", "alp-gmm",
            "--steps", "16384", "--learner-option", "num_envs=4", "--learner-option", "n_steps=256",
            "--learner-option", "minibatch_size=256", "--checkpoint-every", "2048", "--eval-every", "4096",
            "--eval-envs", "10", "--log-every", "1024", "--no-tensorboard", "--num-threads", "1", "--out", str(out),
            "--seed", "3", "--inline-teacher-fits", *(["--resume"] if resume else [])]


def logs(out: Path) -> dict[str, list[dict]]:
    result = {}
    for name in ("episodes", "eval", "train"):
        rows = [json.loads(line) for line in (out / f"{name}.jsonl").read_text().splitlines()]
        result[name] = [{k: v for k, v in row.items() if k not in TIMING} for row in rows]
    return result


def test_a_run_killed_at_random_moments_resumes_to_the_uninterrupted_logs(tmp_path):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    whole = tmp_path / "whole"
    subprocess.run(command(whole), check=True, capture_output=True, env=env, timeout=600)
    want = logs(whole)

    out = tmp_path / "killed"
    rng = random.Random(7)
    kills, finished = 0, False
    while not finished:
        resume = (out / "checkpoint.pt").exists()
        if not resume:
            shutil.rmtree(out, ignore_errors=True)  # killed before its first checkpoint: start over
        proc = subprocess.Popen(command(out, resume=resume), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=env)
        if kills < 3:
            time.sleep(rng.uniform(2.5, 6.0))  # python + torch start-up takes ~2 s
        if kills < 3 and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
            if kills == 2 and (out / "checkpoint.pt").exists():
                (out / "checkpoint.tmp").write_bytes(b"half a checkpoint")  # as if killed mid-write
            continue
        proc.wait(timeout=600)
        assert proc.returncode == 0, proc.stderr.read().decode()
        finished = True
    assert kills >= 1
    assert logs(out) == want
