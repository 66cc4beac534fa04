"""ACCEL (Parker-Holder et al. 2022): PLR-perp whose new levels start easy and whose replayed levels are edited."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.plr import PLR


class ACCEL(PLR):
    """Robust PLR plus an editor, as dcd runs it on BipedalWalker.

    * New levels are uniform in ``easy_box`` (default: the lowest 10 % of every dimension's range; dcd's easy
      obstacle-course box via :func:`boxwalk.teachers.make`), so difficulty grows only through edits.
    * After every replay rollout, :meth:`choose_parents` picks the levels to edit from that rollout's levels and
      :meth:`edit` makes one child per env: ``num_edits`` edits, each a dimension chosen uniformly and a direction
      in {-1, 0, +1} moving the value by that dimension's ``mutation_step`` (times U(0, 1) where
      ``mutation_uniform`` is set: dcd's roughness edit), clipped to the box, with a fresh level seed. The children
      are played without gradient, scored, and compete for the buffer like new levels.
    * Parents (dcd's ``base_levels="easy"``): the 4 levels of the replay rollout with the lowest
      (mean episode return - mean |advantage|), cycled over the envs (each edited num_envs / 4 times; with fewer
      than 4 envs: the one with the highest, edited by every env).
    Defaults: replay 0.9, buffer 1000, staleness 0.5, 3 edits.
    """

    name = "accel"

    def __init__(self, task_space, *, easy_box=None, num_edits: int = 3, mutation_step=None, mutation_uniform=None,
                 replay_prob: float = 0.9, **kwargs):
        super().__init__(task_space, replay_prob=replay_prob, **kwargs)
        span = self.high - self.low
        if easy_box is None:
            easy_box = (self.low, self.low + 0.1 * span)
        self.easy_low = np.clip(self._vector(easy_box[0], self.low, "easy_box low"), self.low, self.high)
        self.easy_high = np.clip(self._vector(easy_box[1], self.high, "easy_box high"), self.easy_low, self.high)
        if int(num_edits) < 1:
            raise ValueError(f"num_edits must be >= 1, got {num_edits}")
        self.num_edits = int(num_edits)
        self.mutation_step = self._vector(mutation_step, 0.05 * span, "mutation_step")
        uniform = np.zeros(self.dim) if mutation_uniform is None else mutation_uniform
        self.mutation_uniform = self._vector(uniform, np.zeros(self.dim), "mutation_uniform").astype(bool)
        self.children: list[np.ndarray] = []  # episodic mode: edited levels waiting to be proposed

    @staticmethod
    def choose_parents(mean_returns: np.ndarray, value_l1: np.ndarray) -> np.ndarray:
        """Which of a replay rollout's env levels to edit, one entry per env (indices into the rollout's envs)."""
        mean_returns, value_l1 = np.asarray(mean_returns, np.float64), np.asarray(value_l1, np.float64)
        if mean_returns.ndim != 1 or mean_returns.shape != value_l1.shape:
            raise ValueError(f"mean_returns and value_l1 must be 1-D of one length, got {mean_returns.shape} and "
                             f"{value_l1.shape}")
        n = len(mean_returns)
        key = mean_returns - value_l1
        if n < 4:
            return np.full(n, int(np.argmax(key)))
        return np.resize(np.argsort(key, kind="stable")[:4], n)

    def edit(self, tasks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One child per parent task (rows of ``tasks``): (children, fresh level seeds), registered as new levels."""
        children = np.array(tasks, dtype=np.float64, copy=True).reshape(-1, self.dim)
        for child in children:
            self._mutate(child)
        return children, self._propose(children)

    def _mutate(self, task: np.ndarray) -> None:
        for _ in range(self.num_edits):
            d = int(self.rng.integers(self.dim))
            direction = int(self.rng.integers(-1, 2))
            step = self.mutation_step[d] * (self.rng.random() if self.mutation_uniform[d] else 1.0)
            task[d] = np.clip(task[d] + direction * step, self.low[d], self.high[d])

    def _new_tasks(self, n: int) -> np.ndarray:
        if self.children:  # episodic mode proposes pending children first
            k = min(n, len(self.children))
            head, self.children = self.children[:k], self.children[k:]
            return np.concatenate([np.array(head), self.rng.uniform(self.easy_low, self.easy_high, (n - k, self.dim))])
        return self.rng.uniform(self.easy_low, self.easy_high, size=(n, self.dim))

    def _after_replay(self, index: int) -> None:
        child = self.buf_tasks[index].copy()
        self._mutate(child)
        self.children.append(child)
