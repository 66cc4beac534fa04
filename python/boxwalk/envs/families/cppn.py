"""CPPN weights for the families that need them (``_core.FAMILIES[name]["needs_cppn"]``: Parkour)."""

from __future__ import annotations

import functools
import os
from typing import Any

import numpy as np

from boxwalk import _core

CPPN_NAMES = ("w0", "w1", "w2", "w3", "w4")
CPPN_SHAPES = {"w0": (4, 64), "w1": (64, 64), "w2": (64, 64), "w3": (64, 64), "w4": (64, 2)}
DEFAULT_CPPN_SEED = 20210705


def _truncated_normal(rng: np.random.Generator, shape: tuple[int, int], std: float) -> np.ndarray:
    """N(0, std) redrawn outside two standard deviations (TensorFlow's truncated_normal rule)."""
    out = rng.normal(0.0, std, size=shape)
    bad = np.abs(out) > 2 * std
    while bad.any():
        out[bad] = rng.normal(0.0, std, size=int(bad.sum()))
        bad = np.abs(out) > 2 * std
    return out.astype(np.float32)


@functools.lru_cache(maxsize=None)
def default_cppn_arrays() -> dict[str, np.ndarray]:
    """boxwalk's own frozen CPPN: TeachMyAgent's architecture and init rule (truncated normal, std 2), a fixed seed."""
    rng = np.random.default_rng(DEFAULT_CPPN_SEED)
    return {name: _truncated_normal(rng, shape, 2.0) for name, shape in CPPN_SHAPES.items()}


def load_cppn_arrays(weights: Any) -> dict[str, Any]:
    """The arrays w0..w4 of a .npz path or a mapping (shapes and values are checked by the engine)."""
    source = "cppn_weights"
    if isinstance(weights, (str, os.PathLike)):
        source = f"CPPN weights file {os.fspath(weights)}"
        if not os.path.exists(weights):
            raise FileNotFoundError(f"CPPN weights file not found: {weights}")
        try:
            with np.load(weights, allow_pickle=False) as f:
                weights = {k: f[k] for k in f.files}
        except (ValueError, OSError, AttributeError) as err:  # pickled objects, not a .npz, a single .npy array
            raise ValueError(f"{source}: not a .npz of plain arrays w0..w4 ({err})") from None
    if not hasattr(weights, "keys"):
        raise ValueError("cppn_weights must be a .npz path or a mapping of arrays w0..w4")
    missing = [k for k in CPPN_NAMES if k not in weights]
    if missing:
        raise ValueError(f"{source} is missing {missing}; expected arrays {list(CPPN_NAMES)}")
    for name, shape in CPPN_SHAPES.items():
        array = np.asarray(weights[name])
        if array.shape != tuple(shape) or not np.issubdtype(array.dtype, np.number):
            raise ValueError(f"{source}: {name} must be a numeric array of shape {tuple(shape)}, got "
                             f"{array.dtype} {array.shape}")
    return {k: weights[k] for k in CPPN_NAMES}


@functools.lru_cache(maxsize=1)
def _default_core_weights() -> _core.CppnWeights:
    return _core.CppnWeights(**default_cppn_arrays())


def core_cppn(weights: Any = None) -> _core.CppnWeights:
    """The C++ weights object for ``weights`` (None: boxwalk's default CPPN, built once per process)."""
    if weights is None:
        return _default_core_weights()
    if isinstance(weights, _core.CppnWeights):
        return weights
    return _core.CppnWeights(**load_cppn_arrays(weights))
