"""Registration of boxwalk's environment ids with Gymnasium (each with a native vector entry point)."""

from __future__ import annotations

import gymnasium as gym

from boxwalk.envs.families import OBSTACLE_LEVELS

_CLASSIC = ("boxwalk.envs.bipedal_walker:BipedalWalker", "boxwalk.envs.vector:BipedalWalkerVectorEnv")
_FAMILY = ("boxwalk.envs.walker:WalkerEnv", "boxwalk.envs.vector:WalkerVectorEnv")

# id -> (entry points, kwargs, max_episode_steps, reward_threshold)
ENV_IDS: dict[str, tuple[tuple[str, str], dict, int, float | None]] = {
    "boxwalk/BipedalWalker-v3": (_CLASSIC, {}, 1600, 300),
    "boxwalk/BipedalWalkerHardcore-v3": (_CLASSIC, {"hardcore": True}, 2000, 300),
    "boxwalk/StumpTracks-v0": (_FAMILY, {"family": "stump_tracks"}, 2000, None),
    "boxwalk/HexagonTracks-v0": (_FAMILY, {"family": "hexagon_tracks"}, 2000, None),
    "boxwalk/ObstacleCourse-v0": (_FAMILY, {"family": "obstacle_course"}, 2000, None),
    "boxwalk/Parkour-v0": (_FAMILY, {"family": "parkour"}, 2000, None),
    "boxwalk/Heightfield-v0": (_FAMILY, {"family": "heightfield"}, 2000, None),
}
for _level in [*OBSTACLE_LEVELS, "XChal"]:
    ENV_IDS[f"boxwalk/ObstacleCourse-{_level}-v0"] = (
        _FAMILY, {"family": "obstacle_course", "level": _level}, 2000, None,
    )


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
