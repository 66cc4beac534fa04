"""Running observation and return normalisation (what baselines' VecNormalize does), checkpointable."""

from __future__ import annotations

from typing import Any

import numpy as np


class Normalizer:
    """Normalises by running mean and variance, then clips to ``[-clip, clip]``.

    The statistics follow Gymnasium's ``RunningMeanStd`` (parallel-variance merge of each batch's moments, count
    starting at 1e-4) operation for operation, so they equal it bit for bit; it runs on every acting call, so it
    avoids ``np.mean``/``np.var``'s generic paths and keeps the standard deviation of the current statistics.
    """

    def __init__(self, shape: tuple[int, ...], clip: float = 10.0, epsilon: float = 1e-8):
        self.clip, self.epsilon = clip, epsilon
        self.mean = np.zeros(shape, np.float64)
        self.var = np.ones(shape, np.float64)
        self.count = 1e-4
        self._refresh()

    def _refresh(self) -> None:
        self.std = np.sqrt(self.var + self.epsilon)

    def update(self, batch: np.ndarray) -> None:
        x = np.asarray(batch, dtype=np.float64)
        n = x.shape[0]
        batch_mean = np.add.reduce(x, axis=0) / n  # np.mean's and np.var's own reductions and divisions
        centred = x - batch_mean
        np.multiply(centred, centred, out=centred)
        batch_var = np.add.reduce(centred, axis=0) / n
        delta = batch_mean - self.mean
        total = self.count + n
        self.mean = self.mean + delta * n / total
        m2 = self.var * self.count + batch_var * n + np.square(delta) * self.count * n / total
        self.var = m2 / total
        self.count = total
        self._refresh()

    def __call__(self, x: np.ndarray) -> np.ndarray:
        out = np.subtract(x, self.mean, dtype=np.float64)
        np.divide(out, self.std, out=out)
        np.clip(out, -self.clip, self.clip, out=out)
        return out.astype(np.float32)

    def scale(self, x: np.ndarray) -> np.ndarray:
        """Divides by the running standard deviation only (return-based reward scaling)."""
        return np.clip(x / self.std, -self.clip, self.clip).astype(np.float32)

    def state_dict(self) -> dict[str, Any]:
        return {"mean": self.mean.copy(), "var": self.var.copy(), "count": self.count}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.mean, self.var, self.count = state["mean"].copy(), state["var"].copy(), state["count"]
        self._refresh()
