"""ACCEL (Parker-Holder et al. 2022): PLR-perp plus an editor that mutates replayed levels."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.plr import PLR


class ACCEL(PLR):
    """PLR-perp whose new levels start in an easy box and whose replayed levels are edited.

    New levels are uniform in `easy_box` (default: the lowest 10 % of every dimension's range; dcd's easy
    obstacle-course box via :func:`boxwalk.teachers.make`). After each replay the level is mutated with `num_edits`
    edits -- each picks a dimension and a direction in {-1, 0, +1} and moves the value by that dimension's
    `mutation_step` (default 5 % of its range), clipped to the task box -- and the child, with a fresh seed, is
    proposed next as a new level and enters the buffer by score. Defaults: replay 0.9, buffer 1000, staleness 0.5.
    """

    name = "accel"

    def __init__(self, task_space, *, easy_box=None, num_edits: int = 3, mutation_step=None,
                 replay_prob: float = 0.9, **kwargs):
        super().__init__(task_space, replay_prob=replay_prob, **kwargs)
        span = self.high - self.low
        if easy_box is None:
            easy_box = (self.low, self.low + 0.1 * span)
        self.easy_low = np.clip(self._vector(easy_box[0], self.low, "easy_box low"), self.low, self.high)
        self.easy_high = np.clip(self._vector(easy_box[1], self.high, "easy_box high"), self.easy_low, self.high)
        self.num_edits = int(num_edits)
        self.mutation_step = self._vector(mutation_step, 0.05 * span, "mutation_step")
        self.children: list[np.ndarray] = []

    def _new_level(self) -> tuple[np.ndarray, int]:
        task = self.children.pop(0) if self.children else self.rng.uniform(self.easy_low, self.easy_high)
        return task, int(self.rng.integers(2**62))

    def _after_replay(self, index: int) -> None:
        child = self.buf_tasks[index].copy()
        for _ in range(self.num_edits):
            d = int(self.rng.integers(self.dim))
            child[d] += int(self.rng.integers(-1, 2)) * self.mutation_step[d]
        self.children.append(np.clip(child, self.low, self.high))
