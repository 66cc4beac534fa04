"""ADR, automatic domain randomisation (OpenAI et al. 2019), as in TeachMyAgent."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.base import Teacher


class ADR(Teacher):
    """A box that starts as a single point and grows where the learner succeeds.

    Start: the expert initial mean with expert_knowledge='high', otherwise a random point. Sampling: uniform in the
    current box; with probability `boundary_sampling_p` one random dimension is pinned to its current min or max
    (sides already at the global bound are skipped). Each bound keeps the returns of episodes sampled exactly on it;
    once `queue_len` are in, a mean >= `max_reward_thr` expands the bound by `step_size` (clamped to the global box)
    and a mean <= `min_reward_thr` shrinks it; then the queue is cleared. Needs expert_knowledge >= 'low'.
    """

    name = "adr"
    requires_expert_knowledge = True

    def __init__(self, task_space, *, step_size: float = 0.1, boundary_sampling_p: float = 0.7,
                 min_reward_thr: float = 0.0, max_reward_thr: float = 180.0, queue_len: int = 10, **kwargs):
        super().__init__(task_space, **kwargs)
        start = self.initial_mean if self.expert_knowledge == "high" else self._uniform(1)[0]
        start = np.clip(start, self.low, self.high)
        self.cur_low, self.cur_high = start.copy(), start.copy()
        self.step_size, self.boundary_sampling_p = step_size, boundary_sampling_p
        self.min_reward_thr, self.max_reward_thr, self.queue_len = min_reward_thr, max_reward_thr, int(queue_len)
        self.queues: dict[tuple[int, int], list[float]] = {(d, s): [] for d in range(self.dim) for s in (0, 1)}
        self.pending: dict[bytes, list[tuple[int, int]]] = {}

    def _sample(self, n: int) -> np.ndarray:
        out = self.rng.uniform(self.cur_low, self.cur_high, size=(n, self.dim))
        for i in range(n):
            if self.rng.random() >= self.boundary_sampling_p:
                continue
            d = int(self.rng.integers(self.dim))
            sides = [s for s, free in ((0, self.cur_low[d] > self.low[d]), (1, self.cur_high[d] < self.high[d])) if free]
            if not sides:
                continue
            side = sides[int(self.rng.integers(len(sides)))]
            out[i, d] = self.cur_low[d] if side == 0 else self.cur_high[d]
            self.pending.setdefault(out[i].tobytes(), []).append((d, side))
        return out

    def _update_one(self, task, ret, raw_return, success) -> None:
        bounds = self.pending.get(task.tobytes())
        if not bounds:
            return
        d, side = bounds.pop(0)
        if not bounds:
            del self.pending[task.tobytes()]
        queue = self.queues[(d, side)]
        queue.append(raw_return)
        if len(queue) < self.queue_len:
            return
        mean = float(np.mean(queue))
        queue.clear()
        direction = 1 if mean >= self.max_reward_thr else (-1 if mean <= self.min_reward_thr else 0)
        if direction == 0:
            return
        if side == 1:
            self.cur_high[d] = np.clip(self.cur_high[d] + direction * self.step_size, self.cur_low[d], self.high[d])
        else:
            self.cur_low[d] = np.clip(self.cur_low[d] - direction * self.step_size, self.low[d], self.cur_high[d])
        self._snapshot(box_low=self.cur_low.copy(), box_high=self.cur_high.copy())
