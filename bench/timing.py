"""Timing helpers shared by the bench scripts."""

from __future__ import annotations

import time
from typing import Callable


def mean_call_us(fn: Callable[[], object], seconds: float, min_calls: int = 3) -> float:
    """Mean microseconds per call of fn over a window of `seconds` (at least `min_calls` calls)."""
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds or n < min_calls:
        fn()
        n += 1
    return (time.perf_counter() - t0) / n * 1e6
