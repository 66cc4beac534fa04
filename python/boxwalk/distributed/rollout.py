"""Rollout workers for one big PPO run: Ray actors that each own a native vector env and sample with a frozen copy
of the policy, while the learner and the teacher stay central (``boxwalk train --workers N``).

One PPO rollout (``num_envs`` x ``n_steps``) is split over the workers by env: worker w owns the global envs
``first_w .. first_w + k_w``, seeded exactly as those envs of a single vector env (``seed + i``). Per rollout:

1. the learner's acting state (network weights, frozen observation statistics) is broadcast once;
2. each worker steps its envs, sampling actions, log-probs and values itself, and sends back the transitions, the
   raw observations (for the learner's observation statistics) and its finished episodes ``(task, return)``;
3. the teacher gets the episodes (ordered by step and env, so a run is deterministic for a given seed and worker
   count) and sends tasks out; the learner updates on the joined rollout.

Tasks: each env has one task queued for its next episode (as in the single-process loop) plus a short queue of
teacher draws behind it. A worker whose env ends an episode with its queue empty stops early and returns what it
has; the driver reports the episodes to the teacher, tops the queues up and lets it continue. No episode ever runs
on a task the teacher did not choose. The price: a task can be drawn up to ``queue_depth`` episodes of that env
before it is played, where the single-process loop draws it one episode ahead. The observation statistics also
lag by one rollout (workers normalise with the statistics frozen at the rollout's start). So a run with workers
follows the same learning curve statistically, not bit for bit.

The C++ vector envs are built inside the actors from the run's config; nothing native is ever pickled.
"""

from __future__ import annotations

import collections
import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from boxwalk.distributed import require_ray
from boxwalk.envs.episodes import Episodes, true_next_obs
from boxwalk.envs.vector import WalkerVectorEnv
from boxwalk.learners.ppo import PPO, PPOConfig, Rollout

QUEUE_DEPTH = 2  # the least number of teacher draws queued behind each env's next task


@dataclass
class Piece:
    """What one `RolloutWorker.sample` call returns."""

    rollout: Rollout
    episodes: Episodes
    queued: list[int] = field(default_factory=list)  # tasks queued behind each local env's next one; -1: not even
    # its next episode has a task (the piece stopped early for it, or ended right after its episode did)


class RolloutWorker:
    """Owns a native vector env of ``num_envs`` envs (global indices ``first_env ..``) and a frozen policy copy.

    Use it as a Ray actor (``ray.remote(RolloutWorker)``; :class:`RolloutPool` does) or in-process."""

    def __init__(self, env_kwargs: dict[str, Any], ppo_config: PPOConfig, first_env: int, num_envs: int,
                 torch_threads: int = 1):
        torch.set_num_threads(torch_threads)
        if not isinstance(ppo_config, PPOConfig):
            raise ValueError("rollout workers sample for PPO only")
        self.first_env, self.num_envs = first_env, num_envs
        self.env = WalkerVectorEnv(num_envs, **env_kwargs)
        self.obs_dim = self.env.single_observation_space.shape[0]
        self.act_dim = self.env.single_action_space.shape[0]
        self.policy = PPO(self.obs_dim, self.act_dim, dataclasses.replace(ppo_config, num_envs=num_envs), seed=0)
        self.has_tasks = self.env.task_space is not None
        self.task_dim = self.env.task_space.dim if self.has_tasks else 0
        self.queues: list[collections.deque] = [collections.deque() for _ in range(num_envs)]
        self.unarmed: set[int] = set()  # envs with no task queued for their next episode
        self.obs: np.ndarray | None = None

    def dims(self) -> tuple[int, int]:
        return self.obs_dim, self.act_dim

    def start_segment(self, env_seed: int, noise_seed: int, first_tasks: np.ndarray | None,
                      next_tasks: np.ndarray | None, queues: list[np.ndarray] | None) -> None:
        """Every env starts a fresh episode on ``first_tasks`` with seed ``env_seed + global index``; ``next_tasks``
        are queued for the following episodes, ``queues`` behind them."""
        self.policy.torch_generator.manual_seed(noise_seed)
        everyone = np.arange(self.num_envs)
        if self.has_tasks:
            self.env.set_next_tasks(everyone, first_tasks)
        self.obs, _ = self.env.reset(seed=env_seed + self.first_env)
        if self.has_tasks:
            self.env.set_next_tasks(everyone, next_tasks)
            self.queues = [collections.deque(q) for q in queues]
            self.unarmed = set()

    def sample(self, acting_state: dict[str, Any] | None, steps: int, tasks: dict[int, np.ndarray]) -> Piece:
        """Steps the envs up to ``steps`` times with the policy in ``acting_state`` (None: keep the last one),
        first appending ``tasks`` to the local envs' queues. Stops early when an env that just ended an episode has
        no task left for its next one."""
        if self.obs is None:
            raise RuntimeError("sample() before start_segment()")
        if acting_state is not None:
            self.policy.load_acting_state(acting_state)
        for i, queued in tasks.items():
            self.queues[i].extend(queued)
        armed = sorted(i for i in self.unarmed if self.queues[i])
        if armed:
            self.env.set_next_tasks(np.array(armed), np.stack([self.queues[i].popleft() for i in armed]))
        self.unarmed -= set(armed)
        if self.unarmed:
            raise ValueError(f"local envs {sorted(self.unarmed)} have no task for their next episode")
        keys = ("raw_obs", "norm_obs", "actions", "logp", "values", "rewards", "terminated", "truncated", "bootstrap")
        columns: dict[str, list[np.ndarray]] = {k: [] for k in keys}
        ended_parts: list[Episodes] = []
        policy, env = self.policy, self.env
        for t in range(steps):
            raw = self.obs
            norm_obs, actions, logp, values = policy.sample(raw)
            next_obs, rewards, terminated, truncated, info = env.step(np.clip(actions, -1.0, 1.0))
            bootstrap = policy.truncation_bootstrap(true_next_obs(next_obs, info), terminated, truncated)
            for key, value in zip(keys, (raw, norm_obs, actions, logp, values, rewards, terminated, truncated,
                                         bootstrap)):
                columns[key].append(value)
            self.obs = next_obs
            ended = Episodes.from_info(info, t, self.first_env)
            if ended is not None:
                ended_parts.append(ended)
                if self._queue_next_tasks(ended.env - self.first_env):
                    break
        rollout = Rollout(**{k: np.stack(v) for k, v in columns.items()}, last_value=policy.value(self.obs))
        episodes = (Episodes.join(ended_parts, [0] * len(ended_parts)) if ended_parts
                    else Episodes.empty(self.task_dim))
        return Piece(rollout, episodes, [len(q) if i not in self.unarmed else -1 for i, q in enumerate(self.queues)])

    def _queue_next_tasks(self, ended: np.ndarray) -> list[int]:
        """Queues the next task of each env that just ended an episode; returns those with nothing to queue."""
        if not self.has_tasks:
            return []
        ready = [i for i in ended if self.queues[i]]
        if ready:
            self.env.set_next_tasks(np.array(ready), np.stack([self.queues[i].popleft() for i in ready]))
        dry = [int(i) for i in ended if i not in ready]
        self.unarmed.update(dry)
        return dry

    def close(self) -> None:
        self.env.close()


class RolloutPool:
    """``workers`` :class:`RolloutWorker` actors on Ray splitting a PPO run's envs; collects one rollout at a time.

    Starts a local Ray instance unless Ray is already initialised (or ``address`` names a cluster); each actor
    reserves ``cpus_per_worker`` CPUs and steps its envs on one C++ thread."""

    def __init__(self, env_kwargs: dict[str, Any], ppo_config: PPOConfig, seed: int, workers: int, *,
                 address: str | None = None, cpus_per_worker: float = 1):
        lcfg = ppo_config
        if not isinstance(lcfg, PPOConfig):
            raise ValueError(f"rollout workers sample for PPO only, not {type(lcfg).__name__}")
        if not isinstance(workers, int) or not 1 <= workers <= lcfg.num_envs:
            raise ValueError(f"workers must be an integer in [1, num_envs = {lcfg.num_envs}], got {workers!r}")
        ray = self._ray = require_ray()
        self._owns_ray = not ray.is_initialized()
        if self._owns_ray:
            ray.init(address=address, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
        self.seed, self.n_steps, self.num_envs = seed, lcfg.n_steps, lcfg.num_envs
        self.has_tasks = env_kwargs.get("task_space") is not None
        splits = np.array_split(np.arange(self.num_envs), workers)
        self.first = [int(s[0]) for s in splits]
        self.sizes = [len(s) for s in splits]
        actor = ray.remote(RolloutWorker).options(num_cpus=cpus_per_worker)
        self.workers = [actor.remote(env_kwargs, lcfg, first, size) for first, size in zip(self.first, self.sizes)]
        self.obs_dim, self.act_dim = ray.get(self.workers[0].dims.remote())
        self.depth = np.full(self.num_envs, QUEUE_DEPTH)  # tasks to keep queued per env (grows with short episodes)
        self.pending: list[dict[int, np.ndarray]] = [{} for _ in self.workers]  # tasks for each worker's next call

    def start_segment(self, env_seed: int, segment: int, draw) -> None:
        """Every env starts a fresh episode (env i with seed ``env_seed + i``); ``draw(k)`` gives k teacher tasks
        (None for the classic envs)."""
        first = following = None
        queues: list[list[np.ndarray]] = [[] for _ in range(self.num_envs)]
        if self.has_tasks:
            first, following = draw(self.num_envs), draw(self.num_envs)
            queued = draw(int(self.depth.sum()))
            for i, chunk in enumerate(np.split(queued, np.cumsum(self.depth)[:-1])):
                queues[i] = list(chunk)
        calls = []
        for worker, start, size in zip(self.workers, self.first, self.sizes):
            noise_seed = int(np.random.SeedSequence([self.seed, segment, start]).generate_state(1, np.uint32)[0])
            span = slice(start, start + size)
            calls.append(worker.start_segment.remote(
                env_seed, noise_seed, None if first is None else first[span],
                None if following is None else following[span], queues[span] if self.has_tasks else None))
        self._ray.get(calls)
        self.pending = [{} for _ in self.workers]

    def collect(self, acting_state: dict[str, Any], report, draw) -> Rollout:
        """One rollout of ``n_steps`` x ``num_envs`` sampled with ``acting_state``. The workers run in rounds: each
        samples until the rollout's end or until one of its envs needs a task; after each round the round's
        finished episodes go to ``report(episodes)`` (ordered by step, then env; steps counted from the rollout's
        start) and the workers' task queues are topped up from ``draw``."""
        ray = self._ray
        state = ray.put(acting_state)
        remaining = [self.n_steps] * len(self.workers)
        pieces: list[list[Rollout]] = [[] for _ in self.workers]
        ended = np.zeros(self.num_envs, np.int64)
        fresh = [True] * len(self.workers)
        while any(remaining):
            active = [w for w, left in enumerate(remaining) if left]
            refs = [self.workers[w].sample.remote(state if fresh[w] else None, remaining[w], self.pending[w])
                    for w in active]
            results = ray.get(refs)
            offsets = [self.n_steps - remaining[w] for w in active]
            episodes = Episodes.join([piece.episodes for piece in results], offsets)
            if len(episodes.returns):
                np.add.at(ended, episodes.env, 1)
                report(episodes)
            for w, piece in zip(active, results):
                fresh[w] = False
                remaining[w] -= piece.rollout.steps
                pieces[w].append(piece.rollout)
                span = slice(self.first[w], self.first[w] + self.sizes[w])
                if not remaining[w]:
                    self.depth[span] = np.maximum(QUEUE_DEPTH, ended[span])
                self.pending[w] = self._top_up(w, piece.queued, draw) if self.has_tasks else {}
        return Rollout.join([Rollout.join(p, over="time") for p in pieces], over="envs")

    def _top_up(self, w: int, queued: list[int], draw) -> dict[int, np.ndarray]:
        depth = self.depth[self.first[w]:self.first[w] + self.sizes[w]]
        need = [max(0, int(d - q)) if q >= 0 else int(d + 1) for d, q in zip(depth, queued)]
        if not sum(need):
            return {}
        tasks = draw(sum(need))
        cuts = np.cumsum(need)[:-1]
        return {i: chunk for i, chunk in enumerate(np.split(tasks, cuts)) if len(chunk)}

    def close(self) -> None:
        for worker in self.workers:
            self._ray.kill(worker)
        self.workers = []
        if self._owns_ray:
            self._ray.shutdown()
