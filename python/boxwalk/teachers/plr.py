"""Robust Prioritized Level Replay (PLR-perp, Jiang et al. 2021): replay the most promising levels seen so far."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.base import Teacher


class PLR(Teacher):
    """PLR-perp over levels = (task, seed).

    With probability `replay_prob` (once the buffer is `rho` full) a level is replayed from the buffer with
    P = (1 - staleness_coef) * P_score + staleness_coef * P_staleness, where P_score is the rank transform
    (1/rank)^(1/temperature) and P_staleness is proportional to the episodes since the level was last sampled;
    otherwise a new level is drawn uniformly in the task box with a fresh seed. A new level enters a full buffer
    only if its score beats the weakest member's.

    Scores: pass the learner's per-episode PLR score (mean positive GAE advantage, "positive value loss") as
    ``update(..., scores=...)``. Without one, the teacher scores a level by its learnability p(1 - p), with p the
    level's smoothed success rate (successes + 1) / (episodes + 2) -- a return-only stand-in, documented as such.

    ``sample_levels(n)`` returns (tasks, seeds, replayed): the seed of each level (pass it to the env's reset) and
    whether it is a replay -- PLR-perp makes gradient updates only on replayed levels. ``sample(n)`` returns just
    the tasks and keeps the rest in ``last_seeds`` / ``last_replayed``.
    """

    name = "plr"

    def __init__(self, task_space, *, buffer_size: int = 1000, replay_prob: float = 0.5, rho: float = 0.5,
                 staleness_coef: float = 0.5, temperature: float = 0.1, score_alpha: float = 1.0, **kwargs):
        super().__init__(task_space, **kwargs)
        if not 0 <= replay_prob <= 1 or not 0 <= staleness_coef <= 1 or not 0 < rho <= 1:
            raise ValueError("replay_prob, staleness_coef must be in [0, 1] and rho in (0, 1]")
        if temperature <= 0 or buffer_size < 1:
            raise ValueError("temperature must be > 0 and buffer_size >= 1")
        self.capacity, self.replay_prob, self.rho = int(buffer_size), replay_prob, rho
        self.staleness_coef, self.temperature, self.score_alpha = staleness_coef, temperature, score_alpha
        self.buf_tasks = np.zeros((self.capacity, self.dim))
        self.buf_seeds = np.zeros(self.capacity, dtype=np.int64)
        self.buf_scores = np.zeros(self.capacity)
        self.buf_last = np.zeros(self.capacity, dtype=np.int64)
        self.buf_trials = np.zeros(self.capacity)
        self.buf_successes = np.zeros(self.capacity)
        self.size = 0
        self.sampled = 0
        self.pending: dict[bytes, list[tuple[int, int]]] = {}  # task -> [(seed, buffer index or -1)]
        self.last_seeds = np.zeros(0, dtype=np.int64)
        self.last_replayed = np.zeros(0, dtype=bool)

    # ---- sampling ----------------------------------------------------------------------------------------------

    def sample_levels(self, n: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        tasks = self.sample(n)
        return tasks, self.last_seeds.copy(), self.last_replayed.copy()

    def _new_level(self) -> tuple[np.ndarray, int]:
        return self._uniform(1)[0], int(self.rng.integers(2**62))

    def _replay_distribution(self) -> np.ndarray:
        scores = self.buf_scores[: self.size]
        ranks = np.empty(self.size)
        ranks[np.argsort(-scores, kind="stable")] = np.arange(1, self.size + 1)
        p_score = (1.0 / ranks) ** (1.0 / self.temperature)
        p_score /= p_score.sum()
        stale = (self.sampled - self.buf_last[: self.size]).astype(np.float64)
        p_stale = stale / stale.sum() if stale.sum() > 0 else np.full(self.size, 1.0 / self.size)
        return (1 - self.staleness_coef) * p_score + self.staleness_coef * p_stale

    def _sample(self, n: int) -> np.ndarray:
        tasks, seeds, replayed = np.empty((n, self.dim)), np.empty(n, dtype=np.int64), np.zeros(n, dtype=bool)
        for i in range(n):
            if self.size >= self.rho * self.capacity and self.rng.random() < self.replay_prob:
                j = int(self.rng.choice(self.size, p=self._replay_distribution()))
                tasks[i], seeds[i], replayed[i] = self.buf_tasks[j], self.buf_seeds[j], True
                self.buf_last[j] = self.sampled
                index = j
            else:
                tasks[i], seeds[i] = self._new_level()
                index = -1
            self.sampled += 1
            tasks[i] = np.clip(tasks[i], self.low, self.high)
            self.pending.setdefault(tasks[i].tobytes(), []).append((int(seeds[i]), index))
        self.last_seeds, self.last_replayed = seeds, replayed
        return tasks

    # ---- updates -----------------------------------------------------------------------------------------------

    def update(self, tasks, returns, successes=None, *, scores=None) -> None:
        """As Teacher.update, plus the learner's PLR score of each episode (optional)."""
        if scores is not None:
            scores = np.atleast_1d(np.asarray(scores, dtype=np.float64))
            n = np.atleast_2d(np.asarray(tasks)).shape[0]
            if scores.shape != (n,):
                raise ValueError(f"scores must have shape ({n},), got {scores.shape}")
            if not np.all(np.isfinite(scores)):
                raise ValueError("scores contain NaN or inf")
        self._scores = None if scores is None else list(scores)
        super().update(tasks, returns, successes)

    def _update_one(self, task, ret, raw_return, success) -> None:
        given = self._scores.pop(0) if getattr(self, "_scores", None) else None
        entries = self.pending.get(task.tobytes())
        if not entries:
            return  # an episode on a task this teacher did not propose: nothing to credit
        seed, index = entries.pop(0)
        if not entries:
            del self.pending[task.tobytes()]
        if index >= 0 and not np.array_equal(self.buf_tasks[index], task):
            index = -1  # the level was evicted meanwhile
        if index >= 0:
            self.buf_trials[index] += 1
            self.buf_successes[index] += success
            score = given if given is not None else self._learnability(self.buf_successes[index], self.buf_trials[index])
            self.buf_scores[index] = (1 - self.score_alpha) * self.buf_scores[index] + self.score_alpha * score
            self._after_replay(index)
            return
        score = given if given is not None else self._learnability(float(success), 1.0)
        self._insert(task, seed, score, float(success))

    @staticmethod
    def _learnability(successes: float, trials: float) -> float:
        p = (successes + 1.0) / (trials + 2.0)
        return p * (1.0 - p)

    def _insert(self, task, seed: int, score: float, success: float) -> None:
        if self.size < self.capacity:
            j = self.size
            self.size += 1
        else:
            j = int(np.argmin(self.buf_scores))
            if score <= self.buf_scores[j]:
                return
        self.buf_tasks[j], self.buf_seeds[j], self.buf_scores[j] = task, seed, score
        self.buf_last[j], self.buf_trials[j], self.buf_successes[j] = self.sampled, 1.0, success
        if self.size % 100 == 0 or self.size == self.capacity:
            self._snapshot(buffer_tasks=self.buf_tasks[: self.size].copy(), scores=self.buf_scores[: self.size].copy())

    def _after_replay(self, index: int) -> None:
        """Hook for ACCEL."""
