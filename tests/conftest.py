from __future__ import annotations

import os

import numpy as np
import pytest

# render_mode="human" opens pygame windows on SDL's headless driver.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

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


def reference_data_dir():
    """../shared/reference_data beside the repository (or $BOXWALK_REFERENCE_DATA); None when absent."""
    import os
    from pathlib import Path

    env = os.environ.get("BOXWALK_REFERENCE_DATA")
    path = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "reference_data"
    return path if path.is_dir() else None


requires_reference_data = pytest.mark.skipif(
    reference_data_dir() is None, reason="../shared/reference_data is not available"
)
