"""`boxwalk eval`: a checkpoint's deterministic policy on a test set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from boxwalk.experiments.checkpoint import build_learner, load_checkpoint
from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.evaluation import EVAL_SEED, Evaluator, mastered_percent


def evaluate_checkpoint(path: str | Path, *, test_set: str | None = None, eval_envs: int | None = None
                        ) -> dict[str, Any]:
    """Plays the test set (the run's, or ``test_set``) with the checkpoint's policy; returns the per-task
    returns, % mastered and the mean return."""
    state = load_checkpoint(Path(path))
    config = TrainConfig.from_dict(state["config"])
    if test_set is not None:
        config.test_set = test_set
    if eval_envs is not None:
        config.eval_envs = eval_envs
    config.validate()
    evaluator = Evaluator(config, seed=EVAL_SEED)
    try:
        obs_dim = evaluator.env.single_observation_space.shape[0]
        act_dim = evaluator.env.single_action_space.shape[0]
        learner = build_learner(config, obs_dim, act_dim)
        learner.load_state_dict(state["learner"])
        returns = evaluator.run(learner.policy)
    finally:
        evaluator.close()
    return {"checkpoint": str(path), "steps": state["steps"], "test_set": config.test_set, "tasks": len(returns),
            "mastered": mastered_percent(returns), "mean_return": float(returns.mean()), "returns": returns.tolist()}
