"""Rendering plumbing shared by the single and vector envs: frames come from the C++ rasteriser
(``_core``), this module only checks render modes and shows frames in a pygame window for ``"human"``."""

from __future__ import annotations

import math

import numpy as np
from gymnasium.error import DependencyNotInstalled

RENDER_MODES = ["human", "rgb_array"]


def check_render_mode(render_mode: str | None) -> None:
    """Raises ``ValueError`` for an unknown mode and ``DependencyNotInstalled`` for ``"human"`` without pygame."""
    if render_mode is None or render_mode == "rgb_array":
        return
    if render_mode not in RENDER_MODES:
        raise ValueError(f"render_mode must be one of {RENDER_MODES} or None, got {render_mode!r}")
    _import_pygame()


def _import_pygame():
    try:
        import pygame
    except ImportError as e:
        raise DependencyNotInstalled(
            'render_mode="human" needs pygame: pip install pygame (or use render_mode="rgb_array")'
        ) from e
    return pygame


def tile(frames: np.ndarray) -> np.ndarray:
    """Frames (N, H, W, 3) side by side on a near-square grid, shrunk by an integer factor so that the grid is
    at most two frames wide and high; unused cells are black."""
    n, h, w, c = frames.shape
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    step = max(1, math.ceil(max(cols, rows) / 2))
    small = frames[:, ::step, ::step]
    sh, sw = small.shape[1:3]
    grid = np.zeros((rows * sh, cols * sw, c), dtype=np.uint8)
    for i in range(n):
        r, q = divmod(i, cols)
        grid[r * sh:(r + 1) * sh, q * sw:(q + 1) * sw] = small[i]
    return grid


class HumanWindow:
    """A pygame window that shows frames at ``fps`` (opened at the first frame)."""

    def __init__(self, fps: int, title: str = "boxwalk"):
        self._pygame = _import_pygame()
        self._fps = fps
        self._title = title
        self._screen = None
        self._clock = None

    def show(self, frame: np.ndarray) -> None:
        pygame = self._pygame
        height, width = frame.shape[:2]
        if self._screen is None or self._screen.get_size() != (width, height):
            pygame.display.init()
            pygame.display.set_caption(self._title)
            self._screen = pygame.display.set_mode((width, height))
            self._clock = pygame.time.Clock()
        surface = pygame.surfarray.make_surface(np.ascontiguousarray(frame.swapaxes(0, 1)))
        self._screen.blit(surface, (0, 0))
        pygame.event.pump()
        self._clock.tick(self._fps)
        pygame.display.flip()

    def close(self) -> None:
        if self._screen is not None:
            self._pygame.display.quit()
            self._screen = None
