"""Past one process, on Ray (``pip install "boxwalk[distributed]"``): PPO rollout workers (:mod:`.rollout`,
``boxwalk train --workers N``). Sweeps of runs on Ray live with the other experiment runners
(:mod:`boxwalk.experiments.sweep`). Everything else in boxwalk works without Ray."""

from __future__ import annotations

from types import ModuleType

INSTALL_HINT = 'pip install "boxwalk[distributed]" (or: pip install ray)'


class RayNotInstalled(ImportError):
    """A Ray feature was asked for without Ray installed."""


def require_ray() -> ModuleType:
    """The ``ray`` module, or :class:`RayNotInstalled` saying how to install it. Imported on first use: Ray is an
    optional dependency."""
    try:
        import ray
    except ImportError as e:
        raise RayNotInstalled(f"this needs Ray: {INSTALL_HINT}") from e
    return ray


__all__ = ["INSTALL_HINT", "RayNotInstalled", "require_ray"]
