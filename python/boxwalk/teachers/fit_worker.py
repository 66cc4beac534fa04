"""A background process for teachers' model fits: :func:`serve`, in its own interpreter, reads pickled
``(function name, args)`` requests on stdin and writes each pickled ``(ok, result or error text)`` on stdout, in order.

A plain subprocess rather than ``multiprocessing``: spawn and forkserver re-import the parent's ``__main__`` (a
user's training script without a ``__main__`` guard would run again), and fork is unsafe after torch and the env
thread pools have started threads. Only the boxwalk functions listed in ``FUNCTIONS`` can be called.
"""

from __future__ import annotations

import atexit
import itertools
import pickle
import subprocess
import sys
import threading
from typing import Any

FUNCTIONS = {"fit_best_gmm": "boxwalk.teachers.gmm:fit_best_gmm_args", "warm_up": "boxwalk.teachers.gmm:warm_up"}


def _resolve(name: str):
    module, attr = FUNCTIONS[name].split(":")
    return getattr(__import__(module, fromlist=[attr]), attr)


class FitWorker:
    """The parent's handle on one worker process: ``submit`` returns a ticket, ``result(ticket)`` waits for it."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", "from boxwalk.teachers.fit_worker import serve; serve()"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.tickets = itertools.count()
        self.next_to_read = 0
        self.results: dict[int, tuple[bool, Any]] = {}
        self.lock = threading.Lock()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def submit(self, function: str, args: tuple) -> int:
        with self.lock:
            pickle.dump((function, args), self.proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.proc.stdin.flush()
            return next(self.tickets)

    def result(self, ticket: int) -> Any:
        with self.lock:
            while ticket not in self.results:
                self.results[self.next_to_read] = pickle.load(self.proc.stdout)
                self.next_to_read += 1
            ok, value = self.results.pop(ticket)
        if not ok:
            raise RuntimeError(f"background fit failed: {value}")
        return value

    def close(self) -> None:
        """Ends the worker (it exits at the end of its input; killed if it does not within 10 s)."""
        if self.alive():
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


_WORKER: FitWorker | None = None


def worker() -> FitWorker:
    """The process-wide worker, started on first use (and again if it died)."""
    global _WORKER
    if _WORKER is None or not _WORKER.alive():
        _WORKER = FitWorker()
        atexit.register(_WORKER.close)
    return _WORKER


def serve() -> None:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            function, args = pickle.load(stdin)
        except EOFError:
            return
        try:
            reply = (True, _resolve(function)(args))
        except Exception as err:  # noqa: BLE001 - reported to the parent, which raises it there
            reply = (False, f"{type(err).__name__}: {err}")
        pickle.dump(reply, stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()

