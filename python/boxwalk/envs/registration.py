"""Registration of boxwalk's environment ids with Gymnasium (each with a native vector entry point), from the ids
every family module declares."""

from __future__ import annotations

import gymnasium as gym

from boxwalk.envs.families import FAMILIES

# id -> (entry points, kwargs, max_episode_steps, reward_threshold)
ENV_IDS: dict[str, tuple[tuple[str, str], dict, int, float | None]] = {}
for _family in FAMILIES.values():
    for _env_id, _extra in _family.gym_ids.items():
        _kwargs = dict(_extra) if not _family.has_tasks else {"family": _family.name, **_extra}
        ENV_IDS[_env_id] = (_family.entry_points, _kwargs, _family.time_limit(bool(_extra.get("hardcore"))),
                            _family.reward_threshold)


def register_envs() -> None:
    """Registers every boxwalk id with Gymnasium (idempotent; called by ``import boxwalk``)."""
    for env_id, ((entry, vector_entry), kwargs, max_steps, threshold) in ENV_IDS.items():
        if env_id in gym.registry:
            continue
        gym.register(
            id=env_id,
            entry_point=entry,
            vector_entry_point=vector_entry,
            kwargs=kwargs,
            max_episode_steps=max_steps,
            reward_threshold=threshold,
        )
