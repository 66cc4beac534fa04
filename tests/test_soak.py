"""A short soak (bench/soak.py runs the long one): 50k resets and 100k steps across families and bodies, envs built
and closed along the way; after warm-up the process's memory, threads and open file descriptors stay flat."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from soak import soak  # noqa: E402


def test_resets_and_steps_do_not_leak_memory_threads_or_files():
    samples = soak(50_000, 100_000, samples=10, progress=False)
    warm, last = samples[2], samples[-1]
    assert last.resets >= 50_000 and last.steps >= 100_000
    assert last.rss_mb - warm.rss_mb < 8.0, [round(s.rss_mb, 1) for s in samples]
    assert last.threads == warm.threads and last.open_fds == warm.open_fds
