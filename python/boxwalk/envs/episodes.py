"""Reading a native vector env's step: the true next observations (SAME_STEP autoreset) and the episodes that ended
(``episode_stats=True``). The in-process training loop and the rollout workers both read steps through these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from boxwalk.tasks import SUCCESS_RETURN


def true_next_obs(next_obs: np.ndarray, info: dict[str, Any]) -> np.ndarray:
    """``next_obs`` with each ended episode's final observation in place of its env's reset observation."""
    if "final_obs" not in info:
        return next_obs
    ended = np.flatnonzero(info["_final_obs"])
    real = next_obs.copy()
    real[ended] = np.stack(info["final_obs"][ended])
    return real


@dataclass
class Episodes:
    """Finished episodes, by env index and the vector step (within some piece of sampling) they ended in."""

    step: np.ndarray  # (k,) vector step
    env: np.ndarray  # (k,) env index
    task: np.ndarray  # (k, task_dim)
    returns: np.ndarray
    lengths: np.ndarray
    success: np.ndarray
    level_seed: np.ndarray | None = None  # (k,) int64, for families with tasks

    @classmethod
    def empty(cls, task_dim: int) -> Episodes:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, task_dim)), np.zeros(0),
                   np.zeros(0, np.int64), np.zeros(0, bool))

    @classmethod
    def from_info(cls, info: dict[str, Any], step: int, env_offset: int = 0) -> Episodes | None:
        """The episodes that ended in the step whose ``info`` this is (None when none did), from the
        ``info["episode_stats"]`` of a vector env made with ``episode_stats=True``; env indices are shifted by
        ``env_offset``. Success is the env's ``success`` flag where it reports one, else return > 230."""
        episode = info.get("episode_stats")
        if episode is None:
            return None
        idx = np.flatnonzero(info["_episode_stats"])
        returns = episode["r"][idx]
        task = episode["task"][idx] if "task" in episode else np.zeros((len(idx), 0))
        success = episode["success"][idx] if "success" in episode else returns > SUCCESS_RETURN
        level_seed = episode["level_seed"][idx] if "level_seed" in episode else None
        return cls(np.full(len(idx), step), idx + env_offset, task, returns, episode["l"][idx], success, level_seed)

    @classmethod
    def join(cls, parts: list[Episodes], step_offsets: list[int]) -> Episodes:
        """Concatenates, shifting each part's steps by its offset, ordered by (step, env)."""
        step = np.concatenate([p.step + off for p, off in zip(parts, step_offsets)])
        order = np.lexsort((np.concatenate([p.env for p in parts]), step))
        return cls(*(np.concatenate([getattr(p, f) for p in parts])[order]
                     for f in ("step", "env", "task", "returns", "lengths", "success")))
