"""Experiments: the curriculum training loop, evaluation on test sets, logs, reports and run comparisons."""

from boxwalk.experiments.config import ENVS, TrainConfig
from boxwalk.experiments.evaluation import Evaluator, mastered_percent
from boxwalk.experiments.train import Summary, Trainer, load_checkpoint, train

__all__ = ["ENVS", "Evaluator", "Summary", "TrainConfig", "Trainer", "load_checkpoint", "mastered_percent", "train"]
