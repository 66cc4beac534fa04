"""The bookkeeping of one PPO rollout on levels from a level-replay teacher (PLR, PLR-perp, ACCEL, DR), as dcd's
runner plays them.

Every rollout starts every env on a fresh episode of its level: a replay rollout draws a buffer level per episode
(drawn as soon as the previous episode starts, because the env resets inside the step that ends an episode, and
counted as replayed -- staleness -- only when its episode starts; so a draw does not see the staleness changes of
the episodes that start in between, the one difference from dcd, which draws at the episode's end), an
exploration rollout keeps one new level per env for the whole rollout. Episodes still running when the rollout ends
are cut there (bootstrapped from the value, not scored) and the next rollout starts over, as in dcd. After the
rollout every completed episode is credited to its level with the learner's scores, env by env, in time order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from boxwalk.envs.episodes import Episodes
from boxwalk.learners.ppo import LevelScores


class LevelMismatch(RuntimeError):
    """An env started an episode on a level the teacher did not give it (the guard against silently falling back
    to random levels after autoreset, minimax issue #6)."""


@dataclass
class LevelRollout:
    """The levels each env played during one rollout and the episodes that ended in it."""

    teacher: object  # a boxwalk.teachers.PLR
    tasks: np.ndarray  # (n, d): each env's level when the rollout started (ACCEL edits these)
    seeds: np.ndarray
    replay: bool
    # per env: [(first step of the episode within the rollout, task, seed)]
    played: list[list[tuple[int, np.ndarray, int]]] = field(default_factory=list)
    queued: list[tuple[np.ndarray, int]] = field(default_factory=list)
    ended: dict[tuple[int, int], tuple[float, bool]] = field(default_factory=dict)  # (env, end step) -> return, success

    def __post_init__(self) -> None:
        self.played = [[(0, task, int(seed))] for task, seed in zip(self.tasks, self.seeds)]

    def next_levels(self, envs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The levels to queue for the next episodes of ``envs``: a fresh replay draw each, or the env's own level."""
        if self.replay:
            levels = [self.teacher.sample_replay_level(mark=False) for _ in envs]
        else:
            levels = [(self.tasks[i], int(self.seeds[i])) for i in envs]
        for k, i in enumerate(envs):
            if len(self.queued) <= i:
                self.queued.extend([None] * (i + 1 - len(self.queued)))
            self.queued[i] = levels[k]
        return np.stack([t for t, _ in levels]), np.array([s for _, s in levels], dtype=np.int64)

    def check_started(self, info: dict, step: int) -> np.ndarray:
        """Records the levels of the episodes that started in rollout step ``step`` (their first step is step + 1)
        and checks that each is the level queued for its env; returns those envs."""
        if "_level_seed" not in info:
            return np.zeros(0, dtype=np.int64)
        envs = np.flatnonzero(info["_level_seed"])
        for i in envs:
            task, seed = self.queued[i]
            if int(info["level_seed"][i]) != seed or not np.array_equal(info["task"][i], task):
                raise LevelMismatch(f"env {i} started level (task {info['task'][i].tolist()}, seed "
                                    f"{int(info['level_seed'][i])}), not the teacher's (task {task.tolist()}, seed {seed})")
            self.played[i].append((step + 1, np.asarray(task), seed))
            if self.replay:
                self.teacher.mark_replayed(task, seed)
        return envs

    def record_ended(self, ended: Episodes | None, step: int) -> None:
        if ended is not None:
            for i, ret, success in zip(ended.env, ended.returns, ended.success):
                self.ended[(int(i), step)] = (float(ret), bool(success))

    def mean_returns(self, n: int) -> np.ndarray:
        """Each env's mean return over the episodes that ended in the rollout (0 where none did)."""
        out = np.zeros(n)
        for i in range(n):
            returns = [r for (env, _), (r, _) in self.ended.items() if env == i]
            out[i] = np.mean(returns) if returns else 0.0
        return out

    def credit(self, scores: LevelScores) -> int:
        """Hands every scored episode to the teacher (env by env, in time order); returns how many."""
        for k in range(len(scores.env)):
            i, start, end = int(scores.env[k]), int(scores.start[k]), int(scores.end[k])
            level = [(task, seed) for first, task, seed in self.played[i] if first == start]
            if not level:
                raise LevelMismatch(f"env {i}: no level started at rollout step {start}")
            episode_return, success = self.ended[(i, end)]
            self.teacher.update_level(level[0][0], level[0][1], scores.episode(k), episode_return, success)
        self.teacher.forget_proposals()
        return len(scores.env)
