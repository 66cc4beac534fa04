"""Running observation and return normalisation (what baselines' VecNormalize does), checkpointable."""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium.wrappers.utils import RunningMeanStd


class Normalizer:
    """Normalises by running mean and variance, then clips to ``[-clip, clip]``."""

    def __init__(self, shape: tuple[int, ...], clip: float = 10.0, epsilon: float = 1e-8):
        self.rms = RunningMeanStd(shape=shape)
        self.clip, self.epsilon = clip, epsilon

    def update(self, batch: np.ndarray) -> None:
        self.rms.update(np.asarray(batch, dtype=np.float64))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        out = (x - self.rms.mean) / np.sqrt(self.rms.var + self.epsilon)
        return np.clip(out, -self.clip, self.clip).astype(np.float32)

    def scale(self, x: np.ndarray) -> np.ndarray:
        """Divides by the running standard deviation only (return-based reward scaling)."""
        return np.clip(x / np.sqrt(self.rms.var + self.epsilon), -self.clip, self.clip).astype(np.float32)

    def state_dict(self) -> dict[str, Any]:
        return {"mean": self.rms.mean.copy(), "var": self.rms.var.copy(), "count": self.rms.count}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.rms.mean, self.rms.var, self.rms.count = state["mean"].copy(), state["var"].copy(), state["count"]
