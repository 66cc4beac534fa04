"""Videos of a policy on chosen tasks: `boxwalk render` and the training report's test-task video.

Episodes of several tasks play side by side in one native vector env; every step's frames (drawn in C++) are
tiled into one video frame, and an env whose episode has ended keeps showing its last frame.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from boxwalk.envs.rendering import tile
from boxwalk.experiments.checkpoint import Policy
from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.evaluation import EVAL_SEED
from boxwalk.experiments.progress import progress_bar
VIDEO_FORMATS = (".mp4", ".gif")


def evenly_spaced_tasks(config: TrainConfig, count: int) -> np.ndarray | None:
    """`count` tasks spread over the run's test set (first, ..., last); None for the classic envs."""
    tasks = config.test_tasks()
    if tasks is None:
        return None
    picks = np.unique(np.linspace(0, len(tasks) - 1, min(count, len(tasks))).round().astype(int))
    return tasks[picks]


def random_policy(seed: int, action_size: int = 4) -> Policy:
    """Uniform actions in [-1, 1] for ``action_size`` motors (the body's; 4 for the bipeds)."""
    rng = np.random.default_rng(seed)
    return lambda obs: rng.uniform(-1.0, 1.0, size=(len(obs), action_size)).astype(np.float32)


def record(config: TrainConfig, policy: Policy, tasks: np.ndarray | None, *, episodes: int = 1,
           seed: int = EVAL_SEED, max_steps: int | None = None, lidar: bool = False, every: int = 1,
           progress: bool = False) -> np.ndarray:
    """Plays one episode per task (or `episodes` seeded episodes of a classic env) side by side; returns the
    video frames, (T, H, W, 3) uint8 (several tasks are tiled on a grid at half size)."""
    count = episodes if tasks is None else len(tasks)
    env = config.make_env(count, autoreset_mode="Disabled", render_mode="rgb_array", render_lidar=lidar)
    limit = max_steps or config.env_choice.max_episode_steps
    try:
        if tasks is not None:
            env.set_next_tasks(np.arange(count), tasks)
        obs, _ = env.reset(seed=seed)
        shown = env.render()
        running = np.ones(count, dtype=bool)
        frames = [_compose(shown)]
        bar = progress_bar(limit, enabled=progress, unit="step", desc="rendering", leave=False)
        for t in range(limit):
            obs, _, terminated, truncated, _ = env.step(policy(obs))
            latest = env.render()
            shown[running] = latest[running]  # finished episodes keep their last frame
            running &= ~(terminated | truncated)
            if (t + 1) % every == 0 or not running.any():
                frames.append(_compose(shown))
            bar.update(1)
            if not running.any():
                break
        bar.close()
    finally:
        env.close()
    return np.stack(frames)


def _compose(frames: np.ndarray) -> np.ndarray:
    if len(frames) == 1:
        return frames[0].copy()
    grid = tile(frames[:, ::2, ::2])  # half size, near-square grid
    return grid[: grid.shape[0] // 2 * 2, : grid.shape[1] // 2 * 2]  # even sizes for yuv420p video


def write_video(frames: np.ndarray, path: str | Path, fps: float = 50) -> Path:
    """Writes frames as .mp4 (H.264 through imageio-ffmpeg) or .gif (imageio + pillow)."""
    path = Path(path)
    if path.suffix.lower() not in VIDEO_FORMATS:
        raise ValueError(f"video files must end in {' or '.join(VIDEO_FORMATS)}, got {path.name!r}")
    try:
        import imageio.v2 as imageio
    except ImportError as e:
        raise ImportError('writing videos needs imageio: pip install "imageio[ffmpeg]"') from e
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".gif":
        imageio.mimsave(path, list(frames), duration=1000 / fps, loop=0)
        return path
    try:
        writer = imageio.get_writer(path, fps=fps, codec="libx264", quality=7, macro_block_size=1,
                                    pixelformat="yuv420p")
    except (ImportError, ValueError, RuntimeError) as e:
        raise ImportError('writing .mp4 needs imageio-ffmpeg: pip install "imageio[ffmpeg]" (or write a .gif)') from e
    with writer:
        for frame in frames:
            writer.append_data(frame)
    return path

