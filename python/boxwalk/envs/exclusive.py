"""One env, one thread at a time: a cheap, non-blocking guard on the env methods that touch the engine.

The engine releases the GIL while it steps, resets and renders, so two Python threads can be inside one env's C++
at once -- and Box2D worlds and the env's buffers are not made for that (it aborted or hung). A method marked
``@exclusive`` raises ``RuntimeError`` naming both calls when another thread is inside any marked method of the same
env, instead of waiting: a silent lock would hide a bug in the caller's threading (and deadlock a step against a
close). The thread already inside may re-enter (``step`` rendering a ``"human"`` frame).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

Method = TypeVar("Method", bound=Callable[..., Any])


class ThreadGuard:
    """Who is inside an env: a thread id, how deep, and the outermost call's name."""

    __slots__ = ("_fields", "_owner", "_depth", "_call")

    def __init__(self) -> None:
        self._fields = threading.Lock()  # held only while these fields change, never during a call
        self._owner: int | None = None
        self._depth = 0
        self._call = ""

    def enter(self, env: str, call: str) -> None:
        me = threading.get_ident()
        with self._fields:
            if self._owner is not None and self._owner != me:
                raise RuntimeError(
                    f"{env} used from two threads at once: {call}() was called while another thread is in "
                    f"{self._call}(). Give each thread its own env, or serialise the calls with a lock."
                )
            if self._depth == 0:
                self._owner, self._call = me, call
            self._depth += 1

    def exit(self) -> None:
        with self._fields:
            self._depth -= 1
            if self._depth == 0:
                self._owner = None


def exclusive(method: Method) -> Method:
    """Marks an env method that must not run while another thread is inside the same env."""
    call = method.__name__

    @functools.wraps(method)
    def guarded(self, *args: Any, **kwargs: Any) -> Any:
        guard = self.__dict__.get("_thread_guard") or self.__dict__.setdefault("_thread_guard", ThreadGuard())
        guard.enter(type(self).__name__, call)
        try:
            return method(self, *args, **kwargs)
        finally:
            guard.exit()

    return guarded  # type: ignore[return-value]
