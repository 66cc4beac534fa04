"""boxwalk: C++-accelerated Box2D walker environments for curriculum learning.

``import boxwalk`` registers the environments with Gymnasium::

    import gymnasium as gym
    import boxwalk

    env = gym.make("boxwalk/BipedalWalker-v3")
    env = gym.make("boxwalk/StumpTracks-v0")
    obs, info = env.reset(seed=0, options={"task": {"stump_height": 1.0, "obstacle_spacing": 3.0}})

``gym.make("boxwalk:boxwalk/BipedalWalker-v3")`` works without the import.
"""

from importlib.metadata import version as _package_version

from boxwalk import terrain
from boxwalk._core import Box2DAssertionError
from boxwalk.envs.bipedal_walker import BipedalWalker
from boxwalk.envs.families import body_names
from boxwalk.envs.registration import ENV_IDS, register_envs
from boxwalk.envs.vector import BipedalWalkerVectorEnv, WalkerVectorEnv
from boxwalk.envs.walker import WalkerEnv
from boxwalk.tasks import TaskSpace
from boxwalk.terrain import TerrainGeometry

__version__ = _package_version("boxwalk")  # one place: pyproject.toml's version, through the installed metadata
__all__ = [
    "ENV_IDS",
    "BipedalWalker",
    "BipedalWalkerVectorEnv",
    "Box2DAssertionError",
    "TaskSpace",
    "TerrainGeometry",
    "WalkerEnv",
    "WalkerVectorEnv",
    "body_names",
    "register_envs",
    "terrain",
]

register_envs()
