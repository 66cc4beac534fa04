"""Past one machine, on Ray (``pip install "boxwalk[distributed]"``): experiment sweeps (:mod:`.sweep`,
``boxwalk sweep CONFIG.toml``). Everything else in boxwalk works without Ray."""

from __future__ import annotations

from types import ModuleType

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
