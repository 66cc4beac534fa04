from __future__ import annotations

import numpy as np
import pytest

CLASSIC_IDS = ["BipedalWalker-v3", "BipedalWalkerHardcore-v3"]


def gymnasium_box2d_available() -> bool:
    try:
        import Box2D  # noqa: F401
    except ImportError:
        return False
    return True


requires_reference = pytest.mark.skipif(
    not gymnasium_box2d_available(), reason="Gymnasium's box2d wheel (the reference) is not installed"
)


def random_actions(seed: int, n: int, dtype=np.float32) -> np.ndarray:
    """Actions from an RNG independent of the envs' own streams."""
    return np.random.default_rng(10_000 + seed).uniform(-1.0, 1.0, size=(n, 4)).astype(dtype)
