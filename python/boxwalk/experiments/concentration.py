"""How concentrated a curriculum is: where the training tasks of one evaluation window went, measured without
reading a plot -- the share outside the test set's region and the share drawn from the single densest small
neighbourhood (a teacher that collapsed onto a few tasks shows up as a large share there)."""

from __future__ import annotations

import numpy as np

# A neighbourhood: tasks within this fraction of each dimension's range (of the task box) of one another's centre.
NEIGHBOURHOOD = 0.02


def curriculum_concentration(tasks: np.ndarray, low: np.ndarray, high: np.ndarray,
                             test_tasks: np.ndarray | None = None,
                             radius: float = NEIGHBOURHOOD,
                             weights: np.ndarray | None = None) -> dict[str, float | int | list[float]]:
    """Statistics of the training ``tasks`` (n, d) of one window, in a task box ``[low, high]``:

    - ``episodes``: n;
    - ``outside_test_region``: the fraction of tasks outside the bounding box of ``test_tasks`` (None without a
      test set): on TeachMyAgent's mostly-unfeasible Stump Tracks (box [0, 9] x [0, 6], test grid [0, 3] x [0, 6])
      it is the share of tasks taller than any test stump;
    - ``densest_share``: the largest fraction of tasks within ``radius`` x range of one task (Chebyshev distance in
      each dimension's range; ±2 % by default), and ``densest_task`` that task. A uniform sampler gives about
      ``(2 radius)^d`` (0.16 % in 2-D); a teacher that keeps re-sampling one task gives a large share;
    - ``densest_weighted_share`` (only with ``weights``, one per task, e.g. episode lengths): the share of the total
      weight in that same neighbourhood (the share of environment steps spent there).
    """
    tasks = np.asarray(tasks, dtype=np.float64)
    n = len(tasks)
    out: dict[str, float | int | list[float] | None] = {"episodes": n, "outside_test_region": None,
                                                        "densest_share": None, "densest_task": None}
    if n == 0 or tasks.ndim != 2 or tasks.shape[1] == 0:
        return out
    if test_tasks is not None and len(test_tasks):
        lo, hi = np.min(test_tasks, axis=0), np.max(test_tasks, axis=0)
        outside = np.any((tasks < lo) | (tasks > hi), axis=1)
        out["outside_test_region"] = float(outside.mean())
    from scipy.spatial import cKDTree

    span = np.where(high > low, high - low, 1.0)
    unit = (tasks - low) / span
    counts = cKDTree(unit).query_ball_point(unit, radius, p=np.inf, return_length=True)
    densest = int(np.argmax(counts))
    out["densest_share"] = float(counts[densest] / n)
    out["densest_task"] = tasks[densest].tolist()
    if weights is not None:
        weights = np.asarray(weights, dtype=np.float64)
        inside = np.all(np.abs(unit - unit[densest]) <= radius, axis=1)
        out["densest_weighted_share"] = float(weights[inside].sum() / weights.sum())
    return out
