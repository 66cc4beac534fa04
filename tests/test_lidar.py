"""The lidar's x-sorted index gives b2World::RayCast's answer bit for bit (cpp/lidar.h says why): Box2D's own polygon
ray cast against ours, grazing rays handed back to Box2D, random scenes with stumps standing on the ground (whose
corners rays graze), and every family's lidar at every step of random episodes."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import boxwalk  # noqa: F401  (registers the envs)
from boxwalk import _core

HIT, MISS, GRAZE = 0, 1, 2
testing = _core._testing


def rectangle(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)


def rotated_box(cx: float, cy: float, hw: float, hh: float, angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    corners = np.array([[-hw, -hh], [hw, -hh], [hw, hh], [-hw, hh]])
    return corners @ np.array([[c, s], [-s, c]]) + [cx, cy]


coordinate = st.floats(-4, 4, allow_nan=False, width=32)


@settings(max_examples=300, deadline=None)
@given(cx=coordinate, cy=coordinate, hw=st.floats(0.05, 2), hh=st.floats(0.05, 2), angle=st.floats(0, 3.2),
       rays=st.lists(st.tuples(coordinate, coordinate, coordinate, coordinate), min_size=1, max_size=20),
       clip=st.floats(0.0, 1.0, width=32))
def test_polygon_ray_is_box2d_polygon_ray(cx, cy, hw, hh, angle, rays, clip):
    polygon = rotated_box(cx, cy, hw, hh, angle)
    rays = np.array(rays, dtype=float)
    ones = np.ones(len(rays))
    kind, fraction, box2d_hit, box2d_fraction = testing.polygon_ray(polygon, rays, ones)
    # With the clip at 1 the two are the same computation: hits at the same fraction, to the bit.
    assert np.array_equal(box2d_hit[kind != GRAZE], kind[kind != GRAZE] == HIT)
    hits = kind == HIT
    assert np.array_equal(fraction[hits].view(np.uint32), box2d_fraction[hits].view(np.uint32))
    # With a lower clip, Box2D hits exactly when our fraction is within it (grazes excepted: Box2D is asked then).
    _, _, clipped_hit, clipped_fraction = testing.polygon_ray(polygon, rays, np.full(len(rays), clip))
    sure = kind != GRAZE
    assert np.array_equal(clipped_hit[sure], (hits & (fraction <= np.float32(clip)))[sure])
    assert np.array_equal(clipped_fraction[clipped_hit & sure].view(np.uint32),
                          fraction[clipped_hit & sure].view(np.uint32))


def test_a_ray_passing_a_corner_by_an_ulp_is_a_graze():
    # The unit square's top-right corner (1, 1); rays heading down-right that pass it a few ulps above miss the
    # square (they leave the x <= 1 half-plane before entering y <= 1), but so narrowly that Box2D's answer depends
    # on the clip.
    square = rectangle(0, 0, 1, 1)
    ulps = [2.0**-22, 2.0**-21, 2.0**-20]  # 2, 4 and 8 ulps of 1, exact in float32 at 2 too
    rays = np.array([[0.0, 2.0 + u, 2.0, u] for u in ulps])  # through (1, 1 + u)
    kind, _, _, _ = testing.polygon_ray(square, rays, np.ones(len(rays)))
    assert (kind == GRAZE).all()
    # A clear miss is a miss, a clear hit a hit.
    kind, _, _, _ = testing.polygon_ray(square, np.array([[0.0, 2.5, 2.0, 0.5], [0.0, 1.5, 2.0, -0.5]]), np.ones(2))
    assert list(kind) == [MISS, HIT]


def test_grazing_rays_are_answered_by_box2d():
    # A stump on a ground that rises through the stump's top-right corner: a ray through that corner hits the ground
    # there, at the very fraction where it grazes the stump.
    ground_x, ground_y = np.array([-10.0, 1.0, 10.0]), np.array([-1.0, 1.0, 1.0])
    stump = rectangle(0, -1, 1, 1)
    rays = np.array([[0.0, 2.0 + 2.0**-21, 2.0, 2.0**-21], [0.0, 2.0, 2.0, 0.0], [5.0, 3.0, 5.0, -3.0]])
    indexed, via_index, via_tree = testing.lidar_scene(ground_x, ground_y, [stump], [], rays)
    assert not indexed[0]  # passes the corner 4 ulps above it: a graze, handed to b2World::RayCast
    assert indexed[2]  # a plain vertical ray onto the ground needs no fallback
    assert np.array_equal(via_index[indexed].view(np.uint32), via_tree[indexed].view(np.uint32))
    assert via_tree[2, 0] == np.float32(2 / 6)


def stumps_on(ground_x: np.ndarray, ground_y: np.ndarray, xs: list[float], sizes: list[tuple[float, float]]):
    out = []
    for x, (w, h) in zip(xs, sizes):
        y = float(np.interp(x, ground_x, ground_y))
        out.append(rectangle(x, y, x + w, y + h))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(heights=st.lists(st.floats(-1, 1), min_size=12, max_size=12),
       stump_x=st.lists(st.floats(-5, 4), max_size=4),
       stump_size=st.lists(st.tuples(st.floats(0.1, 1.0), st.floats(0.1, 2.0)), min_size=4, max_size=4),
       creeper=st.booleans(), origins=st.lists(st.tuples(st.floats(-6, 6), st.floats(1.5, 4)), min_size=1,
                                                  max_size=5))
def test_random_scenes_match_box2d(heights, stump_x, stump_size, creeper, origins):
    ground_x = np.linspace(-6, 6, 12)
    ground_y = np.array(heights)
    stumps = stumps_on(ground_x, ground_y, stump_x, stump_size)
    creepers = [rectangle(-1, 1.0, -0.8, 2.5)] if creeper else []
    rays = []
    for ox, oy in origins:
        for angle in np.linspace(0, 1.5, 10):  # the lidar's fan
            rays.append([ox, oy, ox + 5.33 * np.sin(angle), oy - 5.33 * np.cos(angle)])
        for s in stumps:  # and rays aimed exactly at every stump corner, extended past it
            for cx, cy in s:
                rays.append([ox, oy, ox + 3 * (cx - ox), oy + 3 * (cy - oy)])
    rays = np.array(rays)
    indexed, via_index, via_tree = testing.lidar_scene(ground_x, ground_y, stumps, creepers, rays)
    assert np.array_equal(via_index[indexed].view(np.uint32), via_tree[indexed].view(np.uint32))
    assert indexed.mean() > 0.5  # the index answers nearly all rays itself


def test_water_creepers_and_ceiling_ties_match_box2d():
    # Water across the terrain (a wide sensor), creepers hanging from a ceiling (their tops on it: exact ties, which go
    # to the ceiling), rays from above and below the water surface and from inside a creeper.
    ground_x = np.linspace(-6, 6, 13)
    ground_y = np.zeros(13)
    ceiling_y = np.full(13, 3.0)
    creepers = [rectangle(x, 1.5, x + 0.3, 3.0) for x in (-4.0, -1.0, 2.0)]
    rays = []
    for ox, oy in [(-5.0, 2.0), (-3.0, 0.5), (-0.85, 2.0), (0.0, 2.9), (3.0, 1.2)]:
        for angle in np.linspace(0, 2 * np.pi, 24, endpoint=False):
            rays.append([ox, oy, ox + 5.33 * np.sin(angle), oy - 5.33 * np.cos(angle)])
    rays = np.array(rays)
    indexed, via_index, via_tree = testing.lidar_scene(ground_x, ground_y, [], creepers, rays, ceiling_y=ceiling_y,
                                                       water=(0.0, 1.0))
    assert indexed.all()
    assert np.array_equal(via_index.view(np.uint32), via_tree.view(np.uint32))
    assert {-1.0, 0.0, 1.0} <= set(via_tree[:, 1].tolist())  # water, solid and creeper all seen first somewhere


def test_scene_validation():
    with pytest.raises(ValueError, match="rays"):
        testing.lidar_scene(np.array([0.0, 1.0]), np.array([0.0, 0.0]), [], [], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="ground_x and ground_y"):
        testing.lidar_scene(np.array([0.0, 1.0]), np.array([0.0]), [], [], np.zeros((1, 4)))
    with pytest.raises(ValueError, match="Box2D rejects"):
        testing.lidar_scene(np.array([0.0, 1.0]), np.array([0.0, 0.0]), [np.zeros((3, 2))], [], np.zeros((1, 4)))


ENVS = [
    ("boxwalk/BipedalWalker-v3", {}),
    ("boxwalk/BipedalWalkerHardcore-v3", {}),
    ("boxwalk/StumpTracks-v0", {}),
    ("boxwalk/ObstacleCourse-v0", {}),
    ("boxwalk/Parkour-v0", {}),
    ("boxwalk/Parkour-v0", {"body": "climbing_profile_chimpanzee"}),
    ("boxwalk/Parkour-v0", {"body": "fish"}),
    ("boxwalk/HexagonTracks-v0", {}),
]


@pytest.mark.parametrize(("env_id", "kwargs"), ENVS, ids=[f"{e}-{k.get('body', '')}" for e, k in ENVS])
def test_every_family_lidar_matches_box2d_each_step(env_id, kwargs):
    env = gym.make(env_id, **kwargs)
    core = env.unwrapped._core
    rng = np.random.default_rng(1)
    env.reset(seed=3)
    for _ in range(400):
        _, _, terminated, truncated, _ = env.step(rng.uniform(-1, 1, env.action_space.shape).astype(np.float32))
        both = core._lidar_both_ways()
        assert np.array_equal(both[0].view(np.uint32), both[1].view(np.uint32))
        if terminated or truncated:
            env.reset()
    env.close()
