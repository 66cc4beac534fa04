"""Native vector envs: N walkers in C++, stepped by a persistent thread pool with the GIL released."""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from typing import Any

import numpy as np
from gymnasium.error import ResetNeeded
from gymnasium.utils import seeding
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from boxwalk import _core
from boxwalk.envs import families
from boxwalk.envs.exclusive import exclusive
from boxwalk.envs.rendering import RENDER_MODES, HumanWindow, check_render_mode, tile
from boxwalk.envs.walker import level_seeds, walker_spaces
from boxwalk.tasks import SUCCESS_RETURN, TaskSpace

_MODE_CODES = {AutoresetMode.NEXT_STEP: 0, AutoresetMode.SAME_STEP: 1, AutoresetMode.DISABLED: 2}


class WalkerVectorEnv(VectorEnv):
    """``num_envs`` walkers of one terrain family stepped together in C++; each env may run a different task.

    Every env has its own Box2D world and random streams, so env i's trajectory depends only on its seed, its tasks
    and its actions, never on ``num_threads`` or on the other envs; env i equals a single env reset with seed s + i
    and the same tasks.

    Tasks: ``set_next_tasks(env_indices, tasks)`` queues the task of those envs' next episodes (consumed by the next
    reset, automatic or explicit); an env with no queued task draws one from its seeded fallback sampler (uniform in
    ``task_space``'s box). ``info["task"]`` (mask ``info["_task"]``) holds the task of every episode that started in
    the call.

    Args:
        num_envs: number of sub-environments.
        family: ``"classic"`` (Gymnasium's BipedalWalker; see ``hardcore``) or a family with tasks:
            ``"stump_tracks"``, ``"hexagon_tracks"``, ``"obstacle_course"``, ``"parkour"``, ``"heightfield"``,
            ``"gaps"`` (``boxwalk.envs.families.FAMILIES``).
        body: the embodiment of every sub-env (one body per vector env; tasks may differ), as for
            :class:`boxwalk.WalkerEnv`.
        hardcore: classic only: ``BipedalWalkerHardcore-v3`` terrain.
        task_space, level, parkour_box, cppn_weights: as for :class:`boxwalk.WalkerEnv`.
        max_episode_steps: truncation after this many steps (done inside the engine; ``None``/0: never).
            ``gymnasium.make_vec`` passes the registered limit (1600 / 2000).
        num_threads: threads stepping the batch (default ``min(num_envs, os.cpu_count())``).
        autoreset_mode: ``AutoresetMode.NEXT_STEP`` (default), ``SAME_STEP`` or ``DISABLED``, as in Gymnasium.
        render_mode: ``None``, ``"rgb_array"`` (``render()`` returns every env's frame as one (num_envs, 400, 600,
            3) uint8 array, drawn in C++ on the thread pool) or ``"human"`` (a pygame window showing the envs on a
            grid, updated at every step).
        render_lidar: draw the lidar rays in rendered frames.
        copy: return copies of the observation/reward/flag buffers (default), or the engine's own buffers, which
            the next call overwrites.
        batch_size: how many envs :meth:`recv` returns (default ``num_envs``); see "Asynchronous stepping".
        episode_stats: also report each finished episode's statistics, computed in the engine, as
            ``info["episode_stats"]`` (see "Info").

    Info: exactly what a ``SyncVectorEnv`` of the same single envs returns, step for step and in every autoreset
    mode: ``"task"`` for the envs whose episode started in the call; for families that report success,
    ``"success"`` (TeachMyAgent's: the episode's return so far > 230) for the envs that stepped; in SAME_STEP mode
    ``"final_obs"`` and ``"final_info"`` (the ended step's own info) for the envs that ended; each with its
    ``"_key"`` mask. With ``episode_stats=True``, the step in which episodes end also carries
    ``info["episode_stats"] = {"r": returns, "l": lengths[, "task": tasks][, "success": flags]}`` with mask
    ``info["_episode_stats"]``, in every autoreset mode -- a key of its own, so that Gymnasium's
    ``RecordEpisodeStatistics`` (which adds ``"episode"``) works on top either way.

    Asynchronous stepping (EnvPool's API): ``async_reset(seed)`` then, repeatedly, ``obs, rewards, terminations,
    truncations, info = recv()`` and ``send(actions, info["env_id"])``. ``num_threads - 1`` background threads step
    the sent envs while the caller computes the next actions, and ``recv``'s caller steps queued envs while it
    waits; ``recv()`` returns the first ``batch_size`` envs to finish (row k is env ``info["env_id"][k]``), or
    exactly ``recv(env_ids)``. Every env's trajectory depends only on its own seed,
    tasks and actions, so it is bit-identical to stepping it with :meth:`step`; with ``batch_size == num_envs``
    send/recv is ``step``. ``step``/``reset`` raise while envs are in flight.
    """

    def __init__(
        self,
        num_envs: int = 1,
        *,
        family: str = "stump_tracks",
        body: str = families.DEFAULT_BODY,
        hardcore: bool = False,
        task_space: TaskSpace | None = None,
        level: str | None = None,
        parkour_box: str | None = None,
        cppn_weights: Any = None,
        max_episode_steps: int | None = None,
        num_threads: int | None = None,
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
        render_mode: str | None = None,
        render_lidar: bool = False,
        copy: bool = True,
        batch_size: int | None = None,
        episode_stats: bool = False,
    ):
        # Counts are checked by the engine (num_envs, num_threads >= 1); Python checks only that they are integers.
        for name, value in (("num_envs", num_envs), ("num_threads", num_threads), ("batch_size", batch_size)):
            if value is not None and (not isinstance(value, (int, np.integer)) or isinstance(value, bool)):
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if num_threads is None:
            num_threads = max(1, min(int(num_envs), os.cpu_count() or 1))
        if max_episode_steps is not None and (
            not isinstance(max_episode_steps, (int, np.integer)) or max_episode_steps < 0
        ):
            raise ValueError(f"max_episode_steps must be a non-negative integer or None, got {max_episode_steps!r}")
        try:
            mode = AutoresetMode(autoreset_mode)
        except ValueError:
            valid = [m.value for m in AutoresetMode]
            raise ValueError(f"autoreset_mode must be one of {valid}, got {autoreset_mode!r}") from None
        check_render_mode(render_mode)
        if batch_size is not None and not 1 <= batch_size <= num_envs:
            raise ValueError(f"batch_size must be in [1, num_envs={num_envs}], got {batch_size}")

        spec = families.family(family)
        self.task_space = families.resolve_task_space(
            family, task_space, {"level": level, "parkour_box": parkour_box}, cppn_weights)
        self.family = family
        self.body = body
        self._success_info = spec.success_info
        self.num_envs = int(num_envs)
        self.hardcore = bool(hardcore)
        self.max_episode_steps = int(max_episode_steps or 0) or None
        self.autoreset_mode = mode
        self.render_mode = render_mode
        self.render_lidar = bool(render_lidar)
        self._window: HumanWindow | None = None
        self.copy = copy
        self.batch_size = int(batch_size or num_envs)
        self.episode_stats = bool(episode_stats)
        self.metadata = {"render_modes": RENDER_MODES, "render_fps": 50, "autoreset_mode": mode}
        box_low = self.task_space.low if self.task_space is not None else np.zeros(0)
        box_high = self.task_space.high if self.task_space is not None else np.zeros(0)
        cppn = families.core_cppn(cppn_weights) if spec.rules["needs_cppn"] else None
        self._core = _core.Batch(
            self.num_envs, family, self.hardcore, cppn, box_low, box_high, int(num_threads),
            self.max_episode_steps or 0, _MODE_CODES[mode], body,
        )
        self.single_observation_space, self.single_action_space = walker_spaces(self._core)
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self._seeded = np.zeros(self.num_envs, dtype=bool)
        self._has_reset = False

    @property
    def num_threads(self) -> int:
        return self._core.num_threads

    # ---- Gymnasium VectorEnv API -----------------------------------------------------------------------------------

    @exclusive
    def reset(self, *, seed: int | Sequence[int | None] | None = None, options: dict[str, Any] | None = None):
        """Resets every env (or those in ``options["reset_mask"]``). ``seed=s`` seeds env i with ``s + i``."""
        core = self._require_open()
        mask = self._reset_mask(options)
        has_seed, seeds = self._seeds(seed, mask)
        self._core.reset(mask, has_seed, seeds)
        self._seeded |= has_seed
        self._seed_np_random(seed)
        self._has_reset = True
        info: dict[str, Any] = {}
        self._add_task_info(info, core.full, slice(None))
        if self.render_mode == "human":
            self.render()
        return self._out(core.full.obs), info

    @exclusive
    def step(self, actions):
        core = self._require_open()
        if not self._has_reset:
            raise ResetNeeded("step() called before reset(): call reset() first")
        core.step(np.asarray(actions))
        result = self._results(core.full, self.num_envs)
        if self.render_mode == "human":
            self.render()
        return result

    # ---- asynchronous stepping (EnvPool's API) ---------------------------------------------------------------------

    @exclusive
    def async_reset(self, *, seed: int | Sequence[int | None] | None = None) -> None:
        """Queues a reset of every env (``seed`` as in :meth:`reset`); :meth:`recv` returns their first
        observations (rewards 0, no flags set)."""
        core = self._require_open()
        has_seed, seeds = self._seeds(seed, None)
        core.async_reset(has_seed, seeds)
        self._seeded |= has_seed
        self._seed_np_random(seed)
        self._has_reset = True

    @exclusive
    def send(self, actions, env_ids: Sequence[int] | np.ndarray | None = None) -> None:
        """Queues one step of each env in ``env_ids`` (default: every env) with ``actions[k]`` for
        ``env_ids[k]``, and returns at once. Raises ``ValueError`` for an id out of range, repeated, or of an env
        still stepping (sent and not yet returned by :meth:`recv`)."""
        core = self._require_open()
        if not self._has_reset:
            raise ResetNeeded("send() called before async_reset(): call async_reset() first")
        ids = self._env_ids(env_ids, "send")
        core.send(ids, np.asarray(actions))

    @exclusive
    def recv(self, env_ids: Sequence[int] | np.ndarray | None = None):
        """Waits for the first ``batch_size`` sent envs to finish (or for exactly ``env_ids``) and returns their
        ``(obs, rewards, terminations, truncations, info)``; ``info["env_id"]`` names the env of each row, and the
        rest of ``info`` is as :meth:`step`'s for those rows."""
        core = self._require_open()
        if env_ids is None:
            count, wanted = self.batch_size, None
        else:
            wanted = self._env_ids(env_ids, "recv")
            count = len(wanted)
        core.recv(count, wanted)  # ValueError when fewer than count envs are stepping
        result = self._results(core.received, count)
        result[4]["env_id"] = core.received_ids[:count].copy()
        return result

    def _env_ids(self, env_ids, call: str, name: str = "env_ids") -> np.ndarray:
        """``env_ids`` as int64 (every env when None); ValueError unless a 1-D sequence of ints."""
        if env_ids is None:
            return np.arange(self.num_envs, dtype=np.int64)
        ids = np.atleast_1d(np.asarray(env_ids))
        if ids.ndim != 1 or not (np.issubdtype(ids.dtype, np.integer) or ids.size == 0):
            raise ValueError(f"{call}(): {name} must be a 1-D sequence of ints, got {env_ids!r}")
        return ids.astype(np.int64, copy=False)

    def _results(self, buffers, count: int):
        """(obs, rewards, terminated, truncated, info) from the first ``count`` rows of ``buffers`` (the engine's
        step buffers, or the ones recv fills), with ``SyncVectorEnv``'s info layout (see the class docstring)."""
        rows = slice(None) if count == self.num_envs else slice(0, count)
        info: dict[str, Any] = {}
        ended = buffers.episode_mask[rows]
        started = buffers.started[rows]  # reset in this call: their info is the reset's, not the step's
        success = buffers.episode_return[rows] > SUCCESS_RETURN
        if self.autoreset_mode == AutoresetMode.SAME_STEP and ended.any():
            final_obs = np.full(count, None, dtype=object)
            for i in np.flatnonzero(ended):
                final_obs[i] = buffers.final_obs[i].copy()
            final_info: dict[str, Any] = {}
            if self._success_info:
                final_info["success"], final_info["_success"] = ended & success, ended.copy()
            info.update(final_obs=final_obs, _final_obs=ended.copy(), final_info=final_info,
                        _final_info=ended.copy())
        stepped = ~started
        if self._success_info and stepped.any():
            info["success"], info["_success"] = stepped & success, stepped
        self._add_task_info(info, buffers, rows)
        if self.episode_stats and ended.any():
            stats: dict[str, np.ndarray] = {
                "r": np.where(ended, buffers.episode_return[rows], 0.0),
                "l": np.where(ended, buffers.episode_length[rows], 0),
            }
            if self.task_space is not None:
                stats["task"] = np.where(ended[:, None], buffers.episode_tasks[rows], 0.0)
                stats["level_seed"] = np.where(ended, buffers.episode_level_seeds[rows], 0)
            if self._success_info:
                stats["success"] = ended & success
            info["episode_stats"], info["_episode_stats"] = stats, ended.copy()
        return (
            self._out(buffers.obs[rows]),
            self._out(buffers.rewards[rows]),
            self._out(buffers.terminated[rows]),
            self._out(buffers.truncated[rows]),
            info,
        )

    @exclusive
    def set_next_tasks(self, env_indices: Sequence[int] | np.ndarray, tasks: Any,
                       seeds: Sequence[int] | np.ndarray | None = None) -> None:
        """Queues the level of the next episode of each env in ``env_indices``: its task (array (k, d) or k dicts)
        and, optionally, its level seed (k ints in [0, 2**63); without one the env's stream draws it). A level
        (task, level seed) replays exactly: the same observations and rewards for the same actions, in any slot of
        any vector env, or in a single env reset with ``reset(seed=level_seed, options={"task": task})``."""
        core = self._require_open()
        if self.task_space is None:
            raise ValueError(f"the {self.family} family has no tasks")
        indices = self._env_ids(env_indices, "set_next_tasks", "env_indices")
        if isinstance(tasks, (list, tuple)) and tasks and isinstance(tasks[0], dict):
            tasks = np.stack([self.task_space.as_array(t) for t in tasks])
        tasks = np.atleast_2d(self.task_space.validate(tasks))
        core.set_next_tasks(indices, tasks, None if seeds is None else level_seeds(seeds, len(indices)))

    def _add_task_info(self, info: dict[str, Any], buffers, rows: slice) -> None:
        started = buffers.started[rows]
        if self.task_space is not None and started.any():
            info["task"] = np.where(started[:, None], buffers.tasks[rows], 0.0)
            info["_task"] = started.copy()
            info["level_seed"] = np.where(started, buffers.level_seeds[rows], 0)
            info["_level_seed"] = started.copy()

    @exclusive
    def render(self) -> np.ndarray | None:
        """Every env's current frame, (num_envs, 400, 600, 3) uint8 (``"rgb_array"``; iterating it gives the
        frames one by one), or the envs on a grid in a window (``"human"``). Drawn in C++ on the thread pool."""
        core = self._require_open()
        if self.render_mode is None:
            return None
        if not self._has_reset:
            raise ResetNeeded("nothing to render before reset()")
        frames = core.render(self.render_lidar)
        if self.render_mode == "rgb_array":
            return frames
        if self._window is None:
            self._window = HumanWindow(self.metadata["render_fps"])
        self._window.show(tile(frames))
        return None

    @exclusive
    def close_extras(self, **kwargs: Any) -> None:
        if self._window is not None:
            self._window.close()
            self._window = None
        self._core = None  # joins the worker threads and frees the worlds

    # ---- helpers ---------------------------------------------------------------------------------------------------

    def _require_open(self):
        if self._core is None:
            raise RuntimeError("this vector env is closed")
        return self._core

    def _out(self, array: np.ndarray) -> np.ndarray:
        return array.copy() if self.copy else array

    def _seed_np_random(self, seed) -> None:
        """``np_random``/``np_random_seed`` as Gymnasium's vector envs keep them: an int seed is the seed (seeding
        every sub-env too, env i with seed + i); per-env seeds give ``np_random_seed == -1`` (not one int)."""
        if seed is None:
            return
        if isinstance(seed, (int, np.integer)):
            self._np_random, self._np_random_seed = seeding.np_random(int(seed))
        elif any(s is not None for s in seed):
            entropy = [int(s) for s in seed if s is not None]
            self._np_random = np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy)))
            self._np_random_seed = -1

    def _reset_mask(self, options: dict[str, Any] | None) -> np.ndarray | None:
        if options is None or "reset_mask" not in options:
            return None
        mask = options["reset_mask"]
        if not isinstance(mask, np.ndarray) or mask.dtype != np.bool_:
            raise ValueError(
                f"options['reset_mask'] must be a numpy bool array, got {type(mask).__name__}"
                + (f" of dtype {mask.dtype}" if isinstance(mask, np.ndarray) else "")
            )
        if mask.shape != (self.num_envs,):
            raise ValueError(f"options['reset_mask'] must have shape ({self.num_envs},), got {mask.shape}")
        if not mask.any():
            raise ValueError("options['reset_mask'] must select at least one env")
        return np.ascontiguousarray(mask)

    def _seeds(self, seed, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        n = self.num_envs
        if seed is None:
            per_env: list[int | None] = [None] * n
        elif isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
            per_env = [int(seed) + i for i in range(n)]
        elif isinstance(seed, Sequence) and len(seed) == n:
            per_env = list(seed)
        else:
            raise ValueError(f"seed must be None, an int or a sequence of {n} ints/None, got {seed!r}")
        has_seed = np.zeros(n, dtype=bool)
        seeds = np.zeros(n, dtype=np.uint64)
        for i, s in enumerate(per_env):
            if s is None:
                if self._seeded[i]:
                    continue
                s = secrets.randbits(64)  # first use without a seed: fresh entropy, like Gymnasium
            if not isinstance(s, (int, np.integer)) or isinstance(s, bool) or not 0 <= int(s) < 2**64:
                raise ValueError(f"seed for env {i} must be an int in [0, 2**64), got {s!r}")
            has_seed[i], seeds[i] = True, int(s)
        if mask is not None:
            has_seed &= mask
        return has_seed, seeds


class BipedalWalkerVectorEnv(WalkerVectorEnv):
    """``num_envs`` of Gymnasium's ``BipedalWalker`` (normal or hardcore) in C++.

    Each sub-env is exactly Gymnasium's env: bit-identical observations, rewards and flags for the same seed and
    actions (see ``tests/test_vector.py``). Arguments as :class:`WalkerVectorEnv` (no tasks).
    """

    def __init__(self, num_envs: int = 1, *, hardcore: bool = False, **kwargs: Any):
        super().__init__(num_envs, family="classic", hardcore=hardcore, **kwargs)
