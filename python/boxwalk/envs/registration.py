"""Registration of boxwalk's environment ids with Gymnasium."""

from __future__ import annotations

import gymnasium as gym

_BIPEDAL_ENTRY = "boxwalk.envs.bipedal_walker:BipedalWalker"
_BIPEDAL_VECTOR_ENTRY = "boxwalk.envs.vector:BipedalWalkerVectorEnv"

# id -> (constructor kwargs, max_episode_steps); reward_threshold is 300 for both, as in Gymnasium.
CLASSIC_IDS: dict[str, tuple[dict, int]] = {
    "boxwalk/BipedalWalker-v3": ({}, 1600),
    "boxwalk/BipedalWalkerHardcore-v3": ({"hardcore": True}, 2000),
}


def register_envs() -> None:
    """Registers every boxwalk id with Gymnasium (idempotent; called by ``import boxwalk``)."""
    for env_id, (kwargs, max_steps) in CLASSIC_IDS.items():
        if env_id in gym.registry:
            continue
        gym.register(
            id=env_id,
            entry_point=_BIPEDAL_ENTRY,
            vector_entry_point=_BIPEDAL_VECTOR_ENTRY,
            kwargs=kwargs,
            max_episode_steps=max_steps,
            reward_threshold=300,
        )
