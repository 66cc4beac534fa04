"""Gymnasium environments backed by the C++ engine."""

from boxwalk.envs.bipedal_walker import BipedalWalker, TerrainGeometry

__all__ = ["BipedalWalker", "TerrainGeometry"]
