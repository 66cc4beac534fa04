"""A run's checkpoint: saving and loading it, and rebuilding its learner or its test policy."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from functools import lru_cache
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


class UnsafeCheckpoint(ValueError):
    """A checkpoint holding an object no boxwalk checkpoint contains: it was refused unread, nothing executed."""


@lru_cache(maxsize=1)
def _allowed_globals() -> list[Any]:
    """The only classes and constructors a checkpoint may name besides tensors and plain Python values: numpy arrays,
    scalars and random generators, and the teachers' own small state classes (each rebuilt from its saved
    attributes; none runs code from the file)."""
    import numpy.random._pickle as np_pickle
    from numpy.random.bit_generator import SeedSequence

    from boxwalk.teachers import alp_gmm, base, gmm, riac

    multiarray = np._core.multiarray if hasattr(np, "_core") else np.core.multiarray
    seed_sequence_unpickle = getattr(__import__("numpy.random.bit_generator", fromlist=["x"]),
                                     "__pyx_unpickle_SeedSequence")
    return [
        multiarray._reconstruct, multiarray.scalar, np.ndarray, np.dtype,
        *{type(np.dtype(code)) for code in "?bBhHiIlLqQefdgFDG"}, np.random.PCG64, SeedSequence,
        seed_sequence_unpickle, np_pickle.__bit_generator_ctor, np_pickle.__generator_ctor,
        dict, bytes, base.TeacherHistory, gmm.Mixture, gmm.PendingFit, alp_gmm.NearestNeighbourALP, riac.Region,
    ]


def load_checkpoint(path: Path | str) -> dict[str, Any]:
    """The state saved in a checkpoint file, or in a run folder's checkpoint. Loaded with ``weights_only=True``
    and an explicit allow-list (see ``_allowed_globals``): a file that names anything else raises
    :class:`UnsafeCheckpoint` before any of it is built."""
    path = Path(path)
    if path.is_dir():
        path = path / CHECKPOINT
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {path}")
    try:
        with torch.serialization.safe_globals(_allowed_globals()):
            state = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:
        lines = [line.strip() for line in str(err).splitlines() if line.strip()]
        named = [line for line in lines if "GLOBAL" in line or "Unsupported" in line or "Can only" in line]
        reason = (named or lines or ["unreadable"])[0].removeprefix("WeightsUnpickler error: ")
        raise UnsafeCheckpoint(f"{path} is not a safe boxwalk checkpoint, refused without running it: {reason}") \
            from None
    except (RuntimeError, EOFError) as err:
        raise ValueError(f"{path} is not a readable checkpoint: {str(err).splitlines()[0]}") from None
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
