"""RLlib: an env creator for ``tune.register_env`` that gives RLlib's env runners boxwalk's native vector env.

RLlib (new API stack) registers a creator as a Gymnasium id whose ``entry_point`` calls ``creator(env_config)``
and whose ``vector_entry_point`` calls ``creator(env_config | {"num_envs": n})``, then builds its envs with
``gym.make_vec(..., vectorization_mode=config.gym_env_vectorize_mode)``. With ``gym_env_vectorize_mode=
"vector_entry_point"`` each env runner therefore steps ``num_envs_per_env_runner`` walkers in C++::

    from ray.rllib.algorithms.ppo import PPOConfig
    from boxwalk.integrations import rllib
    rllib.register()  # tune.register_env("boxwalk", rllib.env_creator)
    config = (PPOConfig().environment("boxwalk", env_config={"id": "boxwalk/StumpTracks-v0"})
              .env_runners(num_envs_per_env_runner=16, gym_env_vectorize_mode="vector_entry_point"))

``env_config`` holds ``"id"`` (any boxwalk id; default ``boxwalk/BipedalWalker-v3``) and the id's keyword
arguments (``task_space``, ``level``, ``max_episode_steps``, ``num_threads``...). RLlib resets with no options, so a
teacher reaches the envs through ``set_next_tasks`` (e.g. from a callback on each env runner).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import gymnasium as gym
from gymnasium.error import DependencyNotInstalled

import boxwalk  # noqa: F401  (registers the ids)

DEFAULT_ID = "boxwalk/BipedalWalker-v3"


def env_creator(env_config: Mapping[str, Any] | None = None) -> gym.Env | gym.vector.VectorEnv:
    """A single env, or with ``"num_envs"`` in ``env_config`` the native vector env (NEXT_STEP autoreset, the
    id's registered time limit applied inside the engine)."""
    kwargs = dict(env_config or {})
    env_id = kwargs.pop("id", DEFAULT_ID)
    if env_id not in boxwalk.ENV_IDS:
        raise ValueError(f"env_config['id'] must be a boxwalk id ({', '.join(sorted(boxwalk.ENV_IDS))}), "
                         f"got {env_id!r}")
    num_envs = kwargs.pop("num_envs", None)
    if num_envs is None:
        return gym.make(env_id, **kwargs)
    return gym.make_vec(env_id, num_envs=num_envs, vectorization_mode="vector_entry_point", **kwargs)


def register(name: str = "boxwalk") -> str:
    """Registers :func:`env_creator` with Ray Tune under ``name`` (needs ``pip install "ray[rllib]"``)."""
    try:
        from ray.tune.registry import register_env
    except ImportError as e:
        raise DependencyNotInstalled('boxwalk.integrations.rllib.register needs Ray: pip install "ray[rllib]"') from e
    register_env(name, env_creator)
    return name
