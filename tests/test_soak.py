"""A short soak (bench/soak.py runs the long one): 50k resets and 100k steps across families and bodies, envs built
and closed along the way, in a fresh interpreter (so that only boxwalk's memory is measured, not the test process's
heap); after warm-up its memory, threads and open file descriptors stay flat."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"
CODE = (f"import json, sys; sys.path.insert(0, {str(BENCH)!r}); from soak import soak; "
        "print(json.dumps([s.__dict__ for s in soak(50_000, 100_000, samples=10, progress=False)]))")


def test_resets_and_steps_do_not_leak_memory_threads_or_files():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=600, check=True)
    samples = json.loads(done.stdout.strip().splitlines()[-1])
    warm, last = samples[2], samples[-1]
    assert last["resets"] >= 50_000 and last["steps"] >= 100_000
    assert last["rss_mb"] - warm["rss_mb"] < 8.0, [round(s["rss_mb"], 1) for s in samples]
    assert last["threads"] == warm["threads"] and last["open_fds"] == warm["open_fds"]
