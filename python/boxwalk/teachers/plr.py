"""Prioritized Level Replay (Jiang et al. 2021) and its robust form PLR-perp, over levels = (task, level seed).

Two ways to drive it:

* **Rollout-synchronous** (what the training loop does with PPO, as dcd runs it): once per PPO rollout,
  :meth:`replay_decision` says whether the rollout replays buffer levels (:meth:`sample_replay_level` per episode)
  or explores new ones (:meth:`new_levels`, one per env, played for the whole rollout). After the rollout the
  learner's score of every completed episode goes to :meth:`update_level`. PLR-perp (``robust=True``) makes no
  gradient step on exploration rollouts (``gradient_on_new_levels`` is False).
* **Episodic** (the plain :class:`Teacher` interface, any learner): ``sample(n)`` decides per episode and
  ``update(..., scores=...)`` credits the levels in sampling order; without scores a level is scored by its
  learnability p(1 - p) (p: its smoothed success rate) -- a return-only stand-in, documented as such.
"""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.base import Teacher

SCORE_FUNCTIONS = ("positive_value_loss", "max_mc", "l1_value_loss")


class PLR(Teacher):
    """PLR over a buffer of ``buffer_size`` levels, with dcd's rules and BipedalWalker settings.

    * Replay decision (per rollout): once the buffer is ``rho`` full, replay with probability ``replay_prob``.
    * Replay distribution: P = (1 - staleness_coef) P_S + staleness_coef P_C, P_S from ranks,
      h_i = (1 / rank_i) ** (1 / temperature) (rank 1 = highest score; the temperature is an exponent, so equal or
      zero scores are harmless), P_C proportional to staleness ** (1 / staleness_temperature), where a level's
      staleness counts the replays drawn since it was last drawn (for a newly admitted level: the new levels
      explored since it was proposed).
    * Admission: while the buffer has room every scored new level enters; once full, a new level replaces the member
      with the lowest replay probability if its score is at least that member's ("replay support" priority).
    * Scores: ``score_function`` picks which of the learner's per-episode scores ranks levels:
      ``"positive_value_loss"`` (mean of GAE advantages clipped at 0; dcd's BipedalWalker choice), ``"max_mc"``
      (mean of the level's best return so far minus the value) or ``"l1_value_loss"`` (mean |advantage|); a
      replayed level's score is updated as (1 - score_alpha) old + score_alpha new.
    """

    name = "plr"
    replays_levels = True  # the training loop drives it rollout by rollout (see the module docstring)

    def __init__(self, task_space, *, buffer_size: int = 1000, replay_prob: float = 0.5, rho: float = 0.5,
                 staleness_coef: float = 0.5, temperature: float = 0.1, staleness_temperature: float = 1.0,
                 score_alpha: float = 1.0, score_function: str = "positive_value_loss", robust: bool = True,
                 **kwargs):
        super().__init__(task_space, **kwargs)
        if not 0 <= replay_prob <= 1 or not 0 <= staleness_coef <= 1 or not 0 < rho <= 1 or not 0 < score_alpha <= 1:
            raise ValueError("replay_prob and staleness_coef must be in [0, 1], rho and score_alpha in (0, 1]")
        if temperature <= 0 or staleness_temperature <= 0:
            raise ValueError(f"temperatures must be > 0, got {temperature} and {staleness_temperature}")
        if int(buffer_size) < 1:
            raise ValueError(f"buffer_size must be >= 1, got {buffer_size}")
        if score_function not in SCORE_FUNCTIONS:
            raise ValueError(f"unknown score_function {score_function!r}; valid: {SCORE_FUNCTIONS}")
        self.capacity, self.replay_prob, self.rho = int(buffer_size), float(replay_prob), float(rho)
        self.staleness_coef, self.temperature = float(staleness_coef), float(temperature)
        self.staleness_temperature, self.score_alpha = float(staleness_temperature), float(score_alpha)
        self.score_function, self.robust = score_function, bool(robust)
        self.buf_tasks = np.zeros((self.capacity, self.dim))
        self.buf_seeds = np.zeros(self.capacity, dtype=np.int64)
        self.buf_scores = np.zeros(self.capacity)
        self.buf_staleness = np.zeros(self.capacity)
        self.buf_max_return = np.full(self.capacity, -np.inf)
        self.buf_trials = np.zeros(self.capacity)
        self.buf_successes = np.zeros(self.capacity)
        self.size = 0
        self.new_levels_sampled = 0  # dcd's running sample count: new levels proposed so far
        self.proposed_at: dict[tuple[bytes, int], int] = {}  # new level -> new_levels_sampled when proposed
        self.replays = 0
        self.pending: dict[bytes, list[tuple[int, int]]] = {}  # episodic mode: task -> [(seed, buffer index or -1)]
        self.last_seeds = np.zeros(0, dtype=np.int64)
        self.last_replayed = np.zeros(0, dtype=bool)

    @property
    def gradient_on_new_levels(self) -> bool:
        """PLR-perp trains only on replayed levels; plain PLR and DR train on every rollout."""
        return not self.robust

    # ---- rollout-synchronous interface -----------------------------------------------------------------------------

    def replay_decision(self) -> bool:
        """Whether the next rollout replays buffer levels (else it explores new levels)."""
        return self.size >= self.rho * self.capacity and self.rng.random() < self.replay_prob

    def replay_weights(self) -> np.ndarray:
        """The replay distribution over the buffer's levels (sums to 1)."""
        n = self.size
        if n == 0:
            raise ValueError("the level buffer is empty: nothing to replay")
        ranks = np.empty(n)
        ranks[np.argsort(-self.buf_scores[:n], kind="stable")] = np.arange(1, n + 1)
        by_score = (1.0 / ranks) ** (1.0 / self.temperature)
        by_score /= by_score.sum()
        if self.staleness_coef == 0:
            return by_score
        stale = self.buf_staleness[:n] ** (1.0 / self.staleness_temperature)
        by_staleness = stale / stale.sum() if stale.sum() > 0 else np.full(n, 1.0 / n)
        return (1 - self.staleness_coef) * by_score + self.staleness_coef * by_staleness

    def sample_replay_level(self, *, mark: bool = True) -> tuple[np.ndarray, int]:
        """Draws a buffer level from the replay distribution: (task, level seed). ``mark``: count it as replayed now
        (its staleness restarts); else call :meth:`mark_replayed` when its episode starts."""
        index = int(self.rng.choice(self.size, p=self.replay_weights()))
        if mark:
            self.mark_replayed(self.buf_tasks[index], int(self.buf_seeds[index]))
        return self.buf_tasks[index].copy(), int(self.buf_seeds[index])

    def mark_replayed(self, task, seed: int) -> None:
        """Counts a replay of buffer level (task, seed): every level's staleness grows by one, its own restarts."""
        index = self._find(np.asarray(task, dtype=np.float64), int(seed))
        if index < 0:
            raise ValueError(f"level (task {np.asarray(task).tolist()}, seed {seed}) is not in the buffer")
        self._count_replay(index)
        self._record_samples(self.buf_tasks[index][None])

    def _count_replay(self, index: int) -> None:
        self.buf_staleness[: self.size] += 1
        self.buf_staleness[index] = 0
        self.replays += 1

    def new_levels(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """n new levels to explore: tasks from the level generator (uniform in the box; ACCEL: its easy box or its
        edited children) with fresh level seeds."""
        tasks = np.clip(np.asarray(self._new_tasks(n), dtype=np.float64).reshape(n, self.dim), self.low, self.high)
        return tasks, self._propose(tasks)

    def _propose(self, tasks: np.ndarray) -> np.ndarray:
        """Fresh level seeds for new-level ``tasks``, registered as proposed now (their staleness on admission)."""
        seeds = self.rng.integers(2**63, size=len(tasks), dtype=np.int64)
        for task, seed in zip(tasks, seeds):
            self.new_levels_sampled += 1
            self.proposed_at[(task.tobytes(), int(seed))] = self.new_levels_sampled
        self._record_samples(tasks)
        return seeds

    def update_level(self, task, seed: int, scores: dict[str, float], episode_return: float,
                     success: bool | None = None) -> None:
        """Credits one scored episode of level (task, seed): ``scores`` holds the learner's per-episode scores
        (``positive_value_loss``, ``l1_value_loss``, ``mean_value``, ``scaled_return``; ``max_mc`` is derived from
        the last two and the level's best ``scaled_return``). Buffer levels get their score updated; new ones
        compete for admission."""
        task = np.asarray(task, dtype=np.float64)
        seed = int(seed)
        success = bool(episode_return > 230) if success is None else bool(success)
        index = self._find(task, seed)
        best = scores["scaled_return"] if index < 0 else max(self.buf_max_return[index], scores["scaled_return"])
        score = best - scores["mean_value"] if self.score_function == "max_mc" else scores[self.score_function]
        if index >= 0:
            self.buf_scores[index] = (1 - self.score_alpha) * self.buf_scores[index] + self.score_alpha * score
            self.buf_max_return[index] = best
            self.buf_trials[index] += 1
            self.buf_successes[index] += success
        else:
            proposed = self.proposed_at.pop((task.tobytes(), seed), self.new_levels_sampled)
            self._admit(task, seed, score, best, success, self.new_levels_sampled - proposed)
        self.episodes += 1

    def forget_proposals(self) -> None:
        """Drops the bookkeeping of new levels that were proposed but never scored (a rollout ended first)."""
        self.proposed_at.clear()

    # ---- episodic interface ----------------------------------------------------------------------------------------

    def sample_levels(self, n: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """n levels for the next episodes: (tasks, level seeds, replayed flags)."""
        tasks = self.sample(n)
        return tasks, self.last_seeds.copy(), self.last_replayed.copy()

    def _sample(self, n: int) -> np.ndarray:
        tasks, seeds, replayed = np.empty((n, self.dim)), np.empty(n, dtype=np.int64), np.zeros(n, dtype=bool)
        for i in range(n):
            if self.replay_decision():
                index = int(self.rng.choice(self.size, p=self.replay_weights()))
                self._count_replay(index)
                tasks[i], seeds[i], replayed[i] = self.buf_tasks[index], self.buf_seeds[index], True
            else:
                task = np.clip(np.asarray(self._new_tasks(1), dtype=np.float64).reshape(self.dim), self.low, self.high)
                tasks[i], seeds[i], index = task, self.rng.integers(2**63), -1
                self.new_levels_sampled += 1
            self.pending.setdefault(tasks[i].tobytes(), []).append((int(seeds[i]), index))
        self.last_seeds, self.last_replayed = seeds, replayed
        return tasks

    def update(self, tasks, returns, successes=None, *, scores=None) -> None:
        """As Teacher.update, plus the learner's PLR score of each episode (optional)."""
        if scores is not None:
            scores = np.atleast_1d(np.asarray(scores, dtype=np.float64))
            n = np.atleast_2d(np.asarray(tasks)).shape[0]
            if scores.shape != (n,):
                raise ValueError(f"scores must have shape ({n},), got {scores.shape}")
            if not np.all(np.isfinite(scores)):
                raise ValueError("scores contain NaN or inf")
        self._scores = None if scores is None else list(scores)
        super().update(tasks, returns, successes)

    def _update_one(self, task, ret, raw_return, success) -> None:
        given = self._scores.pop(0) if getattr(self, "_scores", None) else None
        entries = self.pending.get(task.tobytes())
        if not entries:
            return  # an episode on a task this teacher did not propose: nothing to credit
        seed, index = entries.pop(0)
        if not entries:
            del self.pending[task.tobytes()]
        if index >= 0 and not (self.buf_seeds[index] == seed and np.array_equal(self.buf_tasks[index], task)):
            index = -1  # the level was evicted meanwhile
        if index >= 0:
            self.buf_trials[index] += 1
            self.buf_successes[index] += success
            score = given if given is not None else self._learnability(self.buf_successes[index],
                                                                      self.buf_trials[index])
            self.buf_scores[index] = (1 - self.score_alpha) * self.buf_scores[index] + self.score_alpha * score
            self._after_replay(index)
            return
        score = given if given is not None else self._learnability(float(success), 1.0)
        self._admit(task, seed, score, -np.inf, success, 0)

    @staticmethod
    def _learnability(successes: float, trials: float) -> float:
        p = (successes + 1.0) / (trials + 2.0)
        return p * (1.0 - p)

    # ---- the buffer ------------------------------------------------------------------------------------------------

    def _find(self, task: np.ndarray, seed: int) -> int:
        for index in np.flatnonzero(self.buf_seeds[: self.size] == seed):
            if np.array_equal(self.buf_tasks[index], task):
                return int(index)
        return -1

    def _admit(self, task, seed: int, score: float, best_return: float, success: bool, staleness: float) -> None:
        if self.size < self.capacity:
            j = self.size
            self.size += 1
        else:
            j = int(np.argmin(self.replay_weights()))  # the member with the least replay support
            if self.buf_scores[j] > score:
                return
        self.buf_tasks[j], self.buf_seeds[j], self.buf_scores[j] = task, seed, score
        self.buf_staleness[j], self.buf_max_return[j] = staleness, best_return
        self.buf_trials[j], self.buf_successes[j] = 1.0, float(success)
        if self.size % 100 == 0 or self.size == self.capacity:
            self._snapshot(buffer_tasks=self.buf_tasks[: self.size].copy(), scores=self.buf_scores[: self.size].copy())

    def _record_samples(self, tasks: np.ndarray) -> None:
        self.history.sampled_tasks.append(np.array(tasks, dtype=np.float64))
        self.history.sampled_at.append(self.episodes)

    # ---- for subclasses --------------------------------------------------------------------------------------------

    def _new_tasks(self, n: int) -> np.ndarray:
        """Tasks of new levels (domain randomisation over the box)."""
        return self._uniform(n)

    def _after_replay(self, index: int) -> None:
        """Episodic mode: called after a replayed level's episode was credited (ACCEL edits it)."""


class DomainRandomization(PLR):
    """dcd's DR baseline: every rollout explores new levels, uniform in the box, one per env, with gradient steps
    on all of them (PLR with replay probability 0, not robust; the scores it keeps are only for logging)."""

    name = "dr"

    def __init__(self, task_space, **kwargs):
        kwargs.setdefault("replay_prob", 0.0)
        kwargs.setdefault("robust", False)
        super().__init__(task_space, **kwargs)
