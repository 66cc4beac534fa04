"""RIAC (Baranes & Oudeyer 2009, SAGG-RIAC style as in teachDeepRL): split the space where learning progress
differs most, sample regions in proportion to their progress."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from boxwalk.teachers.base import Teacher


@dataclass
class Region:
    low: np.ndarray
    high: np.ndarray
    # plain lists (at most max_region_size + 1 long): checkpoints hold only types a weights-only load accepts
    tasks: list = field(default_factory=list)
    rewards: list = field(default_factory=list)
    children: list[int] = field(default_factory=list)
    alp: float = 0.0

    def contains(self, task: np.ndarray) -> bool:
        return bool(np.all(task >= self.low) and np.all(task <= self.high))


def region_alp(rewards, window: int) -> float:
    """|mean of the first half - mean of the second half| of the last `window` rewards."""
    r = list(rewards)[-window:]
    if len(r) < 2:
        return 0.0
    half = len(r) // 2
    return abs(float(np.mean(r[:half])) - float(np.mean(r[half:])))


class RIAC(Teacher):
    """RIAC: a binary tree of regions, each keeping its last `max_region_size` (task, reward) pairs.

    When a leaf overflows, `nb_split_attempts` random cuts (dimension and threshold uniform) are scored by
    |ALP(child 1) - ALP(child 2)| * |child 1| * |child 2|; a cut is valid when both children hold at least
    `min_region_size` pairs and span at least `min_dims_range_ratio` of the initial range on every dimension.
    The best valid cut splits the leaf; without one, the oldest `discard_ratio` of its pairs are dropped.
    Sampling: 70 % a region drawn in proportion to ALP (over all regions) then uniform inside, 20 % uniform, 10 % the
    lowest-reward task of an ALP-drawn region plus N(0, 0.1 * range) noise, clipped to that region.

    Fixes of the originals' defects: the split score uses the children's real sizes (both code bases multiply by the
    constant 4, as the originals do), and a cut with too few points is simply invalid (the originals re-draw it until it is
    not, which can loop forever).
    """

    name = "riac"

    def __init__(self, task_space, *, max_region_size: int = 150, nb_split_attempts: int = 75,
                 min_region_size: float = 7.5, min_dims_range_ratio: float = 0.1, discard_ratio: float = 0.25,
                 alp_window: int | None = None, **kwargs):
        super().__init__(task_space, **kwargs)
        if max_region_size < 2 * min_region_size:
            raise ValueError("max_region_size must be at least twice min_region_size")
        self.max_region_size, self.nb_split_attempts = int(max_region_size), int(nb_split_attempts)
        self.min_region_size, self.min_dims_range_ratio = min_region_size, min_dims_range_ratio
        self.discard_ratio = discard_ratio
        self.alp_window = int(alp_window or max_region_size)
        self.regions = [Region(self.low.copy(), self.high.copy())]

    def _leaf_path(self, task: np.ndarray) -> list[int]:
        path, node = [0], 0
        while self.regions[node].children:
            node = next((c for c in self.regions[node].children if self.regions[c].contains(task)),
                        self.regions[node].children[0])
            path.append(node)
        return path

    def _update_one(self, task, ret, raw_return, success) -> None:
        path = self._leaf_path(task)
        for node in path:
            region = self.regions[node]
            region.tasks.append(task)
            region.rewards.append(ret)
            if len(region.tasks) > self.max_region_size + 1:
                del region.tasks[0], region.rewards[0]
            region.alp = region_alp(region.rewards, self.alp_window)
        leaf = self.regions[path[-1]]
        if len(leaf.tasks) > self.max_region_size:
            self._split_or_discard(path[-1])

    def _split_or_discard(self, node: int) -> None:
        leaf = self.regions[node]
        tasks, rewards = np.array(leaf.tasks), np.array(leaf.rewards)
        span0 = self.high - self.low
        best, best_score = None, -np.inf
        for _ in range(self.nb_split_attempts):
            d = int(self.rng.integers(self.dim))
            cut = self.rng.uniform(leaf.low[d], leaf.high[d])
            left = tasks[:, d] < cut
            n_left, n_right = int(left.sum()), int((~left).sum())
            if min(n_left, n_right) < self.min_region_size:
                continue
            if min(cut - leaf.low[d], leaf.high[d] - cut) < self.min_dims_range_ratio * span0[d]:
                continue
            score = abs(region_alp(rewards[left], self.alp_window) - region_alp(rewards[~left], self.alp_window))
            score *= n_left * n_right
            if score > best_score:
                best, best_score = (d, cut, left), score
        if best is None:
            drop = int(self.max_region_size * self.discard_ratio)
            for _ in range(drop):
                del leaf.tasks[0], leaf.rewards[0]
            leaf.alp = region_alp(leaf.rewards, self.alp_window)
            return
        d, cut, left = best
        for mask, (lo, hi) in [(left, (leaf.low[d], cut)), (~left, (cut, leaf.high[d]))]:
            low, high = leaf.low.copy(), leaf.high.copy()
            low[d], high[d] = lo, hi
            child = Region(low, high, list(tasks[mask]), list(rewards[mask]))
            child.alp = region_alp(child.rewards, self.alp_window)
            leaf.children.append(len(self.regions))
            self.regions.append(child)
        self._snapshot(regions=[(r.low.copy(), r.high.copy(), r.alp) for r in self.regions if not r.children])

    def _draw_region(self) -> Region:
        alps = np.array([r.alp for r in self.regions])
        p = alps / alps.sum() if alps.sum() > 0 else np.full(len(alps), 1.0 / len(alps))
        return self.regions[self.rng.choice(len(p), p=p)]

    def _sample(self, n: int) -> np.ndarray:
        out = np.empty((n, self.dim))
        for i in range(n):
            u = self.rng.random()
            if u < 0.2 or len(self.regions) == 1 and not self.regions[0].tasks:
                out[i] = self._uniform(1)[0]
            elif u < 0.9:
                r = self._draw_region()
                out[i] = self.rng.uniform(r.low, r.high)
            else:
                r = self._draw_region()
                if r.tasks:
                    worst = np.array(r.tasks)[int(np.argmin(r.rewards))]
                    noisy = worst + self.rng.normal(0.0, 0.1 * (self.high - self.low))
                    out[i] = np.clip(noisy, r.low - 1e-5, r.high + 1e-5)
                else:
                    out[i] = self.rng.uniform(r.low, r.high)
        return out
