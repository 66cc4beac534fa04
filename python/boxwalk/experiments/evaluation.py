"""Evaluation on a test set: every task once, deterministic policy, in parallel on a separate vector env."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from boxwalk.experiments.config import CLASSIC_EVAL_EPISODES, TrainConfig
from boxwalk.tasks import SUCCESS_RETURN

# Test task i always runs with seed EVAL_SEED + i: successive evaluations (and `boxwalk eval`, and the report's
# videos) see identical terrains, none of them a terrain a training episode saw.
EVAL_SEED = 1_000_000


def mastered_percent(returns: np.ndarray) -> float:
    """% of test tasks mastered: 100 * #(return > 230) / #tasks."""
    returns = np.asarray(returns)
    return 100.0 * int(np.count_nonzero(returns > SUCCESS_RETURN)) / returns.size if returns.size else 0.0


class Evaluator:
    """Plays each test task once with a deterministic policy; task i always runs with seed ``seed + i``, so
    successive evaluations of one run see identical terrains.

    Envs without tasks (the classic ids) play ``episodes`` seeded episodes. Envs are reused in chunks of ``max_envs`` tasks; an env whose episode ended idles (its later episodes are
    ignored) until the chunk's longest episode ends.
    """

    def __init__(self, config: TrainConfig, tasks: np.ndarray | None = None, *, seed: int = EVAL_SEED,
                 max_envs: int | None = None, episodes: int = CLASSIC_EVAL_EPISODES):
        self.tasks = config.test_tasks() if tasks is None and config.has_tasks else tasks
        self.count = episodes if self.tasks is None else len(self.tasks)
        self.seed = seed
        self.num_envs = min(self.count, max_envs or config.eval_envs)
        self.env = config.make_env(self.num_envs, autoreset_mode="NextStep")

    def run(self, policy: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """Returns of every test task (float64, shape (count,))."""
        returns = np.zeros(self.count)
        for start in range(0, self.count, self.num_envs):
            chunk = np.arange(start, min(start + self.num_envs, self.count))
            padded = np.resize(chunk, self.num_envs)  # spare envs replay the chunk's tasks; their results are dropped
            if self.tasks is not None:
                self.env.set_next_tasks(np.arange(self.num_envs), self.tasks[padded])
            obs, _ = self.env.reset(seed=[int(self.seed + i) for i in padded])
            total = np.zeros(self.num_envs)
            running = np.ones(self.num_envs, dtype=bool)
            while running.any():
                obs, reward, terminated, truncated, _ = self.env.step(policy(obs))
                total[running] += reward[running]
                running &= ~(terminated | truncated)
            returns[chunk] = total[: len(chunk)]
        return returns

    def close(self) -> None:
        self.env.close()
