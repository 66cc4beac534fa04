"""A run's logs: JSON-lines files that a resumed run truncates back to its checkpoint (nothing duplicated),
mirrored to TensorBoard when it is installed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

LOG_FILES = ("train", "eval", "episodes")


def json_default(value: Any) -> Any:
    """``json.dumps(default=...)`` for what runs store: numpy arrays and scalars, ranges."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, range):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


class RunLogs:
    """Appends rows to ``<run>/<name>.jsonl`` for name in train / eval / episodes."""

    def __init__(self, run_dir: Path, *, offsets: dict[str, int] | None = None, tensorboard: bool = True):
        self.run_dir = Path(run_dir)
        self.files = {}
        for name in LOG_FILES:
            path = self.run_dir / f"{name}.jsonl"
            if offsets is None:
                path.write_text("")
            else:  # resume: drop whatever was written after the checkpoint
                with open(path, "r+b") as f:
                    f.truncate(offsets[name])
            self.files[name] = open(path, "a", buffering=1)
        self.writer = None
        if tensorboard:
            try:
                from torch.utils.tensorboard import SummaryWriter
            except ImportError:  # tensorboard is optional
                pass
            else:
                self.writer = SummaryWriter(str(self.run_dir / "tensorboard"))

    def write(self, name: str, row: dict[str, Any]) -> None:
        self.files[name].write(json.dumps(row, default=json_default) + "\n")
        if self.writer is not None and name != "episodes":
            step = int(row["steps"])
            for key, value in row.items():
                if key != "steps" and isinstance(value, (int, float)) and not isinstance(value, bool):
                    self.writer.add_scalar(f"{name}/{key}", value, step)

    def offsets(self) -> dict[str, int]:
        for f in self.files.values():
            f.flush()
        return {name: f.tell() for name, f in self.files.items()}

    def close(self) -> None:
        for f in self.files.values():
            f.close()
        if self.writer is not None:
            self.writer.close()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The rows of a JSON-lines log ([] when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
