"""Past one machine, on Ray (``pip install "boxwalk[distributed]"``): experiment sweeps (:mod:`.sweep`,
``boxwalk sweep CONFIG.toml``) and PPO rollout workers (:mod:`.rollout`, ``boxwalk train --workers N``).
Everything else in boxwalk works without Ray."""

from __future__ import annotations

from types import ModuleType
from typing import Any

INSTALL_HINT = 'pip install "boxwalk[distributed]" (or: pip install ray)'


class RayNotInstalled(ImportError):
    """A Ray feature was asked for without Ray installed."""


def require_ray() -> ModuleType:
    """The ``ray`` module, or :class:`RayNotInstalled` saying how to install it."""
    try:
        import ray
    except ImportError as e:
        raise RayNotInstalled(f"this needs Ray: {INSTALL_HINT}") from e
    return ray


def __getattr__(name: str) -> Any:
    # RolloutWorker / RolloutPool import torch: loaded on first use, so `import boxwalk.distributed` stays light.
    if name in ("RolloutWorker", "RolloutPool"):
        from boxwalk.distributed import rollout

        return getattr(rollout, name)
    raise AttributeError(f"module 'boxwalk.distributed' has no attribute {name!r}")


__all__ = ["INSTALL_HINT", "RayNotInstalled", "RolloutPool", "RolloutWorker", "require_ray"]
