"""Progress bars for long work: tqdm when it is installed and wanted, else a stand-in that does nothing."""

from __future__ import annotations

from typing import Any


class SilentBar:
    """The part of tqdm's interface boxwalk uses, doing nothing."""

    def update(self, n: int = 1) -> None: ...

    def set_postfix(self, *args: Any, **kwargs: Any) -> None: ...

    def close(self) -> None: ...


def progress_bar(total: int, *, enabled: bool = True, **options: Any):
    """A tqdm bar over ``total`` (``options`` go to tqdm), or a :class:`SilentBar` when disabled or tqdm is
    missing."""
    if not enabled:
        return SilentBar()
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return SilentBar()
    return tqdm(total=total, **options)
