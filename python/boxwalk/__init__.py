"""boxwalk: C++-accelerated Box2D walker environments for curriculum learning.

``import boxwalk`` registers the environments with Gymnasium::

    import gymnasium as gym
    import boxwalk

    env = gym.make("boxwalk/BipedalWalker-v3")

``gym.make("boxwalk:boxwalk/BipedalWalker-v3")`` works without the import.
"""

from boxwalk._core import Box2DAssertionError
from boxwalk.envs.bipedal_walker import BipedalWalker, TerrainGeometry
from boxwalk.envs.registration import register_envs
from boxwalk.envs.vector import BipedalWalkerVectorEnv

__version__ = "0.1.0"
__all__ = ["BipedalWalker", "BipedalWalkerVectorEnv", "Box2DAssertionError", "TerrainGeometry", "register_envs"]

register_envs()
