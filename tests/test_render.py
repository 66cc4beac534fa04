"""Rendering: frames drawn by the C++ rasteriser, Gymnasium's viewport, determinism, vector frames, human mode."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.error import DependencyNotInstalled, ResetNeeded

import boxwalk
from conftest import random_actions, requires_reference

GOLDEN = Path(__file__).parent / "golden"
HULL_FILL = np.array([127, 51, 229], dtype=np.uint8)
FAMILIES = ["stump_tracks", "hexagon_tracks", "obstacle_course", "heightfield", "parkour"]


def rollout_frames(env, actions, seed=0, options=None, every=1):
    env.reset(seed=seed, options=options)
    frames = [env.render()]
    for t, a in enumerate(actions):
        env.step(a)
        if (t + 1) % every == 0:
            frames.append(env.render())
    return frames


def hull_columns(frame: np.ndarray) -> np.ndarray:
    return np.nonzero(np.all(frame == HULL_FILL, axis=-1))[1]


@pytest.mark.parametrize("family", FAMILIES)
def test_frames_have_gymnasium_shape_and_are_deterministic(family):
    actions = random_actions(0, 40)
    a = rollout_frames(boxwalk.WalkerEnv(family, render_mode="rgb_array"), actions, every=20)
    b = rollout_frames(boxwalk.WalkerEnv(family, render_mode="rgb_array"), actions, every=20)
    for fa, fb in zip(a, b):
        assert fa.shape == (400, 600, 3) and fa.dtype == np.uint8
        assert np.array_equal(fa, fb)
    assert len(hull_columns(a[-1])) > 100  # the walker is in view


def test_frames_follow_the_walker():
    env = boxwalk.BipedalWalker(render_mode="rgb_array")
    env.reset(seed=1)
    first = env.render()
    x0 = env.hull_position[0]
    # A forward-leaning push: the walker travels several metres within 150 steps (or falls, moving anyway).
    for t in range(150):
        env.step(np.array([1.0, -1.0, -1.0, 1.0]) if (t // 15) % 2 else np.array([-1.0, 1.0, 1.0, -1.0]))
    last = env.render()
    assert not np.array_equal(first, last)
    # The hull is drawn where the physics has it: its pixels' centre, mapped back through Gymnasium's scroll
    # (the hull sits a fifth of the way into the view), is its x position.
    for frame, x in ((first, x0), (last, env.hull_position[0])):
        scroll = x - 600 / 30 / 5
        left = int(600 + max(0.0, scroll) * 30) - 600
        centre = (hull_columns(frame).mean() + 0.5 + left) / 30
        assert abs(centre - x) < 0.25, (centre, x)


def test_different_terrains_give_different_frames():
    env = boxwalk.WalkerEnv("stump_tracks", render_mode="rgb_array")
    env.reset(seed=0, options={"task": [0.0, 3.0]})
    flat = env.render()
    env.reset(seed=0, options={"task": [3.0, 0.5]})
    stumps = env.render()
    def obstacle_pixels(frame):  # white below the clouds
        return (np.all(frame == 255, axis=-1) & (np.arange(400)[:, None] > 260)).sum()

    assert not np.array_equal(flat, stumps)
    assert obstacle_pixels(stumps) > 10 * obstacle_pixels(flat) + 200  # 3 m stumps vs ~1 cm ones


def test_lidar_rays_are_optional():
    plain = boxwalk.BipedalWalker(render_mode="rgb_array")
    rays = boxwalk.BipedalWalker(render_mode="rgb_array", render_lidar=True)
    red = np.array([255, 0, 0], dtype=np.uint8)
    for env in (plain, rays):
        env.reset(seed=0)
        env.step(np.zeros(4))
    assert np.all(plain.render() == red, axis=-1).sum() == 0
    assert np.all(rays.render() == red, axis=-1).sum() > 200


def test_parkour_water_tints_the_frame():
    env = boxwalk.WalkerEnv("parkour", render_mode="rgb_array")
    space = env.task_space
    dry = space.low + 0.5 * (space.high - space.low)
    wet = dry.copy()
    dry[space.names.index("water_level")] = 0.0
    wet[space.names.index("water_level")] = 1.0
    env.reset(seed=0, options={"task": dry})
    sky = env.render()[10, 300].astype(int)
    env.reset(seed=0, options={"task": wet})
    under = env.render()[10, 300].astype(int)
    assert under[2] > under[0] + 60 and not np.array_equal(sky, under)  # sky pixel seen through blue water


@pytest.mark.parametrize("num_threads", [1, 3])
def test_vector_render_equals_single_env_frames(num_threads):
    n = 4
    venv = boxwalk.WalkerVectorEnv(n, family="obstacle_course", render_mode="rgb_array", num_threads=num_threads)
    singles = [boxwalk.WalkerEnv("obstacle_course", render_mode="rgb_array") for _ in range(n)]
    venv.reset(seed=7)
    for i, env in enumerate(singles):
        env.reset(seed=7 + i)
    actions = random_actions(1, 30 * n).reshape(30, n, 4)
    for t in range(30):
        venv.step(actions[t])
        for i, env in enumerate(singles):
            env.step(actions[t, i])
    frames = venv.render()
    assert frames.shape == (n, 400, 600, 3) and frames.dtype == np.uint8
    for i, env in enumerate(singles):
        assert np.array_equal(frames[i], env.render()), i
    venv.close()


def test_render_errors_are_python_exceptions():
    env = boxwalk.BipedalWalker(render_mode="rgb_array")
    with pytest.raises(ResetNeeded):
        env.render()
    env.reset(seed=0)
    core = env.unwrapped._core
    with pytest.raises(ValueError, match="shape"):
        core.render(out=np.zeros((400, 600), dtype=np.uint8))
    with pytest.raises(ValueError, match="uint8"):
        core.render(out=np.zeros((400, 600, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="C-contiguous"):
        core.render(out=np.zeros((600, 400, 3), dtype=np.uint8).transpose(1, 0, 2))
    buffer = np.zeros((400, 600, 3), dtype=np.uint8)
    assert core.render(out=buffer) is not None and np.array_equal(buffer, env.render())
    venv = boxwalk.WalkerVectorEnv(2, render_mode="rgb_array")
    with pytest.raises(ResetNeeded):
        venv.render()
    with pytest.raises(ValueError, match=r"\(2, 400, 600, 3\)"):
        venv.reset(seed=0) and venv.unwrapped._core.render(out=np.zeros((1, 400, 600, 3), dtype=np.uint8))
    assert boxwalk.BipedalWalker().render() is None  # no render mode: Gymnasium warns and returns None


def test_human_mode_opens_a_window_and_needs_pygame(monkeypatch):
    pytest.importorskip("pygame")
    env = gym.make("boxwalk/BipedalWalker-v3", render_mode="human")
    env.reset(seed=0)
    env.step(env.action_space.sample())
    window = env.unwrapped._window
    assert window is not None and window._screen.get_size() == (600, 400)
    env.close()
    assert env.unwrapped._window is None
    venv = boxwalk.WalkerVectorEnv(4, render_mode="human")
    venv.reset(seed=0)
    assert venv._window._screen.get_size() == (1200, 800)  # a 2 x 2 grid of full frames
    venv.close()
    monkeypatch.setitem(sys.modules, "pygame", None)
    with pytest.raises(DependencyNotInstalled, match="pip install pygame"):
        boxwalk.BipedalWalker(render_mode="human")


def close_enough(ours: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """(mean absolute difference, fraction of pixels off by more than 40 in some channel)."""
    diff = np.abs(ours.astype(int) - reference.astype(int))
    return float(diff.mean()), float((diff.max(axis=-1) > 40).mean())


@requires_reference
@pytest.mark.parametrize("env_id", ["BipedalWalker-v3", "BipedalWalkerHardcore-v3"])
def test_frames_match_gymnasium_within_antialiasing(env_id):
    pytest.importorskip("pygame")
    ours = gym.make("boxwalk/" + env_id, render_mode="rgb_array")
    reference = gym.make(env_id, render_mode="rgb_array")
    actions = random_actions(2, 200)
    compared = 0
    for seed in (0, 5):
        ours.reset(seed=seed)
        reference.reset(seed=seed)
        for t in range(len(actions) + 1):
            if t % 25 == 0:
                fa, fb = ours.render(), reference.render()
                # When the hull is left of x = 4 (scroll < 0) Gymnasium's sky polygon stops short and leaves a
                # black strip on the right; boxwalk paints the whole sky, so only the columns left of it compare.
                scroll = ours.unwrapped.hull_position[0] - 4.0
                width = 600 + min(0, int(np.floor(scroll * 30)))
                mean, far = close_enough(fa[:, :width], fb[:, :width])
                # Gymnasium anti-aliases edges and draws one lidar ray per frame; the rest is the same picture.
                assert mean < 1.5 and far < 0.01, (seed, t, mean, far)
                compared += 1
            if t == len(actions):
                break
            *_, terminated, truncated, _ = ours.step(actions[t])
            reference.step(actions[t])
            if terminated or truncated:
                break
    assert compared >= 4


def golden_frame() -> np.ndarray:
    env = boxwalk.WalkerEnv("obstacle_course", render_mode="rgb_array", render_lidar=True)
    frames = rollout_frames(env, random_actions(3, 60), seed=3, every=60)
    return frames[-1]


def test_golden_image():
    """A stored frame (obstacle course, seed 3, 60 steps, lidar on). Regenerate after an intended change with
    BOXWALK_UPDATE_GOLDEN=1 and look at the new PNG before committing it."""
    image = pytest.importorskip("PIL.Image")
    path = GOLDEN / "obstacle_course_seed3.png"
    frame = golden_frame()
    if os.environ.get("BOXWALK_UPDATE_GOLDEN"):
        image.fromarray(frame).save(path, optimize=True)
    golden = np.asarray(image.open(path).convert("RGB"))
    mean, far = close_enough(frame, golden)
    assert mean < 0.5 and far < 0.002, (mean, far)
