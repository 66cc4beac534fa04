"""A run's checkpoint: saving and loading it, and rebuilding its learner or its test policy."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

from boxwalk import learners
from boxwalk.experiments.config import TrainConfig

CHECKPOINT = "checkpoint.pt"
CHECKPOINT_VERSION = 1

Policy = Callable[[np.ndarray], np.ndarray]


def save_checkpoint(state: dict[str, Any], run_dir: Path) -> Path:
    """Writes ``state`` (with the version stamp) to ``run_dir/checkpoint.pt`` atomically: a crash mid-write leaves
    the previous checkpoint intact."""
    path = Path(run_dir) / CHECKPOINT
    tmp = path.with_suffix(".tmp")
    torch.save({"version": CHECKPOINT_VERSION, **state}, tmp)
    os.replace(tmp, path)
    return path


def load_checkpoint(path: Path | str) -> dict[str, Any]:
    """The state saved in a checkpoint file, or in a run folder's checkpoint."""
    path = Path(path)
    if path.is_dir():
        path = path / CHECKPOINT
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {path}")
    state = torch.load(path, map_location="cpu", weights_only=False)
    if not isinstance(state, dict) or state.get("version") != CHECKPOINT_VERSION:
        raise ValueError(f"{path} is not a boxwalk checkpoint (version {CHECKPOINT_VERSION})")
    return state


def build_learner(config: TrainConfig, obs_dim: int, act_dim: int) -> learners.Learner:
    """A fresh learner of the run's kind, preset and options."""
    return learners.make(config.learner, obs_dim=obs_dim, act_dim=act_dim, preset=config.learner_preset,
                         seed=config.seed, device=config.device, total_steps=config.steps, **config.learner_options)


def learner_from_checkpoint(state: dict[str, Any], config: TrainConfig | None = None) -> learners.Learner:
    """The learner saved in a loaded checkpoint (``config``: the run's, read from the checkpoint by default)."""
    config = TrainConfig.from_dict(state["config"]) if config is None else config
    learner = build_learner(config, *config.dims())
    learner.load_state_dict(state["learner"])
    return learner


def policy_from_checkpoint(state: dict[str, Any], config: TrainConfig | None = None) -> Policy:
    """The deterministic test policy stored in a loaded checkpoint."""
    return learner_from_checkpoint(state, config).policy
