"""Stable-Baselines3 on boxwalk's native vector envs: ``make_vec_env("boxwalk/StumpTracks-v0", n_envs=16)`` builds
a ready SB3 ``VecEnv`` from an id, and ``VecEnv(vector_env)`` wraps a vector env you built yourself; SB3's
algorithms train on either unmodified (``PPO("MlpPolicy", make_vec_env(...))``).

SB3 resets finished envs inside ``step`` and reports the last observation in ``infos[i]["terminal_observation"]``;
that is Gymnasium's SAME_STEP autoreset, so the wrapped vector env must use it. Episode statistics appear as
``infos[i]["episode"] = {"r", "l", "t"}`` (what SB3's loggers read), ``infos[i]["is_success"]`` where the env
reports success, ``infos[i]["task"]`` when a task-driven env's episode starts, and ``infos[i]["episode_task"]`` (the
ended episode's task) when the vector env was made with ``episode_stats=True``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium.vector import AutoresetMode

from boxwalk.envs.registration import ENV_IDS

try:
    from stable_baselines3.common.vec_env import VecEnv as _SB3VecEnv
    from stable_baselines3.common.vec_env.base_vec_env import VecEnvIndices
except ImportError as e:  # pragma: no cover - exercised only without SB3
    raise ImportError(
        "boxwalk.integrations.sb3 needs Stable-Baselines3: pip install stable-baselines3"
    ) from e


def make_vec_env(env_id: str, n_envs: int = 1, seed: int | None = None, **env_kwargs: Any) -> VecEnv:
    """A ready SB3 ``VecEnv`` of ``n_envs`` envs of a boxwalk id, stepped together in C++ -- the native vector env
    in SAME_STEP autoreset mode with the engine's episode statistics, in :class:`VecEnv` -- in the spirit of SB3's
    own ``make_vec_env``: ``PPO("MlpPolicy", make_vec_env("boxwalk/StumpTracks-v0", n_envs=16, seed=0))``.

    Args:
        env_id: a boxwalk id (``boxwalk.ENV_IDS``), e.g. ``"boxwalk/BipedalWalker-v3"``.
        n_envs: number of envs.
        seed: env i is seeded with ``seed + i`` at the first ``reset()`` (as SB3's helper does); None: fresh entropy.
        env_kwargs: the id's keyword arguments and the vector env's (``num_threads``, ``max_episode_steps``,
            ``body``, ``task_space``, ``render_mode``...).
    """
    if env_id not in ENV_IDS:
        raise ValueError(f"make_vec_env takes a boxwalk id, got {env_id!r}; valid: {sorted(ENV_IDS)}")
    for fixed in ("autoreset_mode", "vectorization_mode", "num_envs"):
        if fixed in env_kwargs:
            raise ValueError(f"make_vec_env sets {fixed!r} itself (SB3 needs the native env in SAME_STEP mode)")
    env_kwargs.setdefault("episode_stats", True)
    vector_env = gym.make_vec(env_id, num_envs=n_envs, vectorization_mode="vector_entry_point",
                              autoreset_mode=AutoresetMode.SAME_STEP, **env_kwargs)
    env = VecEnv(vector_env)
    if seed is not None:
        env.seed(seed)
    return env


class VecEnv(_SB3VecEnv):
    """An SB3 ``VecEnv`` over a Gymnasium vector env in SAME_STEP autoreset mode, e.g.
    ``boxwalk.WalkerVectorEnv(8, family="stump_tracks", autoreset_mode=AutoresetMode.SAME_STEP)`` or
    ``gym.make_vec("boxwalk/BipedalWalker-v3", 8, autoreset_mode=AutoresetMode.SAME_STEP)``.

    ``seed()`` and ``set_options()`` apply at the next ``reset()``, as in SB3; options may carry ``{"task": ...}``
    per env, which goes to the vector env's ``set_next_tasks``. Attribute and method calls go to the vector env
    (its attributes are shared by every sub-env).
    """

    def __init__(self, vector_env: gym.vector.VectorEnv):
        if not isinstance(vector_env, gym.vector.VectorEnv):
            raise TypeError(f"VecEnv wraps a gymnasium.vector.VectorEnv, got {type(vector_env).__name__}")
        mode = vector_env.metadata.get("autoreset_mode")
        if mode != AutoresetMode.SAME_STEP:
            raise ValueError(
                f"SB3 needs SAME_STEP autoreset, the vector env uses {mode}; create it with "
                "autoreset_mode=gymnasium.vector.AutoresetMode.SAME_STEP"
            )
        self.vector_env = vector_env
        self._actions: np.ndarray | None = None
        n = vector_env.num_envs
        self._returns = np.zeros(n)
        self._lengths = np.zeros(n, dtype=np.int64)
        self._start = time.perf_counter()
        super().__init__(n, vector_env.single_observation_space, vector_env.single_action_space)

    # ---- stepping --------------------------------------------------------------------------------------------------

    def reset(self) -> np.ndarray:
        self._queue_tasks_from_options()
        seeds = None if all(s is None for s in self._seeds) else list(self._seeds)
        obs, info = self.vector_env.reset(seed=seeds)
        self.reset_infos = self._split_info(info)
        self._returns[:] = 0.0
        self._lengths[:] = 0
        self._reset_seeds()
        self._reset_options()
        return obs

    def step_async(self, actions: np.ndarray) -> None:
        self._actions = np.asarray(actions)

    def step_wait(self):
        if self._actions is None:
            raise RuntimeError("step_wait() without step_async()")
        obs, rewards, terminated, truncated, info = self.vector_env.step(self._actions)
        self._actions = None
        dones = np.logical_or(terminated, truncated)
        self._returns += rewards
        self._lengths += 1
        infos = self._split_info(info)
        final_info = info.get("final_info", {})
        stats = info.get("episode_stats", {})  # every ended env is in its mask
        for i in np.flatnonzero(dones):
            infos[i]["terminal_observation"] = info["final_obs"][i]
            infos[i]["TimeLimit.truncated"] = bool(truncated[i] and not terminated[i])
            infos[i]["episode"] = {"r": float(self._returns[i]), "l": int(self._lengths[i]),
                                   "t": round(time.perf_counter() - self._start, 6)}
            if "success" in final_info and final_info["_success"][i]:
                infos[i]["is_success"] = bool(final_info["success"][i])
            if "task" in stats:
                infos[i]["episode_task"] = stats["task"][i]
            self._returns[i] = 0.0
            self._lengths[i] = 0
        return obs, rewards.astype(np.float32), dones, infos

    def close(self) -> None:
        self.vector_env.close()

    def get_images(self) -> Sequence[np.ndarray | None]:
        if self.vector_env.render_mode != "rgb_array":
            raise ValueError("get_images() needs a vector env created with render_mode='rgb_array'")
        return list(self.vector_env.render())

    # ---- attributes and methods (of the vector env, shared by its sub-envs) ----------------------------------------

    def get_attr(self, attr_name: str, indices: VecEnvIndices = None) -> list[Any]:
        value = getattr(self.vector_env, attr_name)
        return [value for _ in self._get_indices(indices)]

    def set_attr(self, attr_name: str, value: Any, indices: VecEnvIndices = None) -> None:
        if sorted(self._get_indices(indices)) != list(range(self.num_envs)):
            raise ValueError("boxwalk vector envs share their attributes: set_attr applies to every env")
        setattr(self.vector_env, attr_name, value)

    def env_method(self, method_name: str, *method_args, indices: VecEnvIndices = None, **method_kwargs
                   ) -> list[Any]:
        result = getattr(self.vector_env, method_name)(*method_args, **method_kwargs)
        return [result for _ in self._get_indices(indices)]

    def env_is_wrapped(self, wrapper_class: type[gym.Wrapper], indices: VecEnvIndices = None) -> list[bool]:
        return [False for _ in self._get_indices(indices)]

    # ---- helpers ---------------------------------------------------------------------------------------------------

    def _queue_tasks_from_options(self) -> None:
        indices, tasks = [], []
        for i, options in enumerate(self._options):
            unknown = set(options) - {"task"}
            if unknown:
                raise ValueError(f"options for env {i} may only hold 'task', got {sorted(unknown)}")
            if "task" in options:
                indices.append(i)
                tasks.append(options["task"])
        if indices:
            self.vector_env.set_next_tasks(indices, tasks)

    def _split_info(self, info: dict[str, Any]) -> list[dict[str, Any]]:
        """Gymnasium's dict of masked arrays -> SB3's list of per-env dicts (only the plain per-env keys)."""
        infos: list[dict[str, Any]] = [{} for _ in range(self.num_envs)]
        for key, values in info.items():
            if key.startswith("_") or key in ("final_obs", "final_info", "episode_stats"):
                continue
            mask = info.get("_" + key)
            if mask is None or not isinstance(values, np.ndarray) or len(values) != self.num_envs:
                continue
            for i in np.flatnonzero(mask):
                infos[i][key] = values[i]
        return infos
