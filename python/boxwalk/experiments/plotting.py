"""Matplotlib for files, not windows: every plot boxwalk writes goes through :func:`pyplot`."""

from __future__ import annotations

from types import ModuleType


def pyplot() -> ModuleType:
    """``matplotlib.pyplot`` on the Agg backend (a training run on a headless machine must never open a window).
    Imported on first use: matplotlib is part of the ``train`` extra, and the envs do not need it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
