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


def wait_for_new_checkpoint(proc: subprocess.Popen, path: Path, timeout: float = 120.0) -> None:
    """Until the process writes a checkpoint newer than any there now (or exits)."""
    before = path.stat().st_mtime_ns if path.exists() else -1
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if path.exists() and path.stat().st_mtime_ns != before:
            return
        time.sleep(0.02)


def test_a_run_killed_at_random_moments_resumes_to_the_uninterrupted_logs(tmp_path):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    whole = tmp_path / "whole"
    subprocess.run(command(whole), check=True, capture_output=True, env=env, timeout=600)
    want = logs(whole)

    out = tmp_path / "killed"
    rng = random.Random(7)
    kills, resumes = 0, 0
    while True:
        resume = (out / "checkpoint.pt").exists()
        if not resume:
            shutil.rmtree(out, ignore_errors=True)  # killed before its first checkpoint: start over
        resumes += resume
        proc = subprocess.Popen(command(out, resume=resume), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=env)
        if kills == 3:
            break
        if kills == 0:
            time.sleep(rng.uniform(0.5, 3.0))  # during start-up or the first steps: no checkpoint yet
        else:
            # a checkpoint exists, so the kill lands mid-step, mid-evaluation or mid-write of the next checkpoint
            wait_for_new_checkpoint(proc, out / "checkpoint.pt")
            time.sleep(rng.uniform(0.0, 2.5))  # checkpoints are ~2.5 s apart, evaluations every second one
        if proc.poll() is not None:
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        if kills == 2:
            (out / "checkpoint.tmp").write_bytes(b"half a checkpoint")  # as if killed mid-write
    proc.wait(timeout=600)
    assert proc.returncode == 0, proc.stderr.read().decode()
    assert kills == 3 and resumes >= 2, (kills, resumes)
    assert logs(out) == want
