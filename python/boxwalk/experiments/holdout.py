"""dcd's evaluation protocol for obstacle-course runs: a few episodes on each level of its BipedalWalker holdout suite
(Gymnasium's BipedalWalker-v3 and -Hardcore-v3, and the named Med-* levels), reported per level as the mean return
and the solved rate (return >= 230, dcd's threshold; the TeachMyAgent "mastered" rate uses > 230)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from boxwalk.envs.families.obstacle_course import OBSTACLE_LEVELS, OBSTACLE_TEST_LEVELS
from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.evaluation import EVAL_SEED, Evaluator

CLASSIC_LEVELS = {"BipedalWalker-v3": "bipedal-walker", "BipedalWalkerHardcore-v3": "bipedal-walker-hardcore"}
HOLDOUT_LEVELS = (*CLASSIC_LEVELS, *OBSTACLE_TEST_LEVELS)
SOLVED_RETURN = 230.0


class HoldoutSuite:
    """Plays ``episodes`` deterministic episodes per holdout level (episode k of every level with seed
    ``seed + k``, the same at every evaluation). The Gymnasium levels need Gymnasium's walker: with another body
    only the Med-* levels are played."""

    def __init__(self, config: TrainConfig, *, episodes: int = 10, seed: int = EVAL_SEED):
        if episodes < 1:
            raise ValueError(f"episodes must be >= 1, got {episodes}")
        self.levels: dict[str, Evaluator] = {}
        if config.body == "old_classic_bipedal":
            for name, env in CLASSIC_LEVELS.items():
                classic = dataclasses.replace(config, env=env, teacher="none", level=None, task_box={},
                                              test_set="default", eval_envs=episodes)
                self.levels[name] = Evaluator(classic, seed=seed, max_envs=episodes, episodes=episodes)
        for name in OBSTACLE_TEST_LEVELS:
            tasks = np.tile(np.asarray(OBSTACLE_LEVELS[name], dtype=np.float64), (episodes, 1))
            self.levels[name] = Evaluator(dataclasses.replace(config, level=None, task_box={}), tasks, seed=seed,
                                          max_envs=episodes)

    def run(self, policy: Callable[[np.ndarray], np.ndarray]) -> dict[str, dict[str, float]]:
        """{level: {"mean_return", "solved"}} for every holdout level, plus "mean" over the levels."""
        out = {}
        for name, evaluator in self.levels.items():
            returns = evaluator.run(policy)
            out[name] = {"mean_return": float(returns.mean()), "solved": float(np.mean(returns >= SOLVED_RETURN))}
        out["mean"] = {k: float(np.mean([v[k] for v in out.values()])) for k in ("mean_return", "solved")}
        return out

    def close(self) -> None:
        for evaluator in self.levels.values():
            evaluator.close()
