"""``torch_threads(n)``: run a block (or, as a decorator, a function) on n torch intra-op threads, then restore the
caller's count. The one place boxwalk changes torch's thread count temporarily."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def torch_threads(n: int | None) -> Iterator[None]:
    """n torch threads inside the block; ``None`` or the current count leaves torch untouched."""
    import torch  # here, not at import: the teachers that use this need torch only when they run

    before = torch.get_num_threads()
    if n is None or n == before:
        yield
        return
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
