"""Terrain families: geometry invariants, determinism, tasks through single and vector envs, reference test sets."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import boxwalk
from boxwalk import _core, terrain
from boxwalk.envs import families
from boxwalk.envs.families import OBSTACLE_LEVELS, default_cppn_arrays
from conftest import reference_data_dir, requires_reference_data

STEP = 14 / 30.0
TH = 400 / 30.0 / 4
FAMILY_IDS = ["boxwalk/StumpTracks-v0", "boxwalk/HexagonTracks-v0", "boxwalk/ObstacleCourse-v0",
              "boxwalk/Parkour-v0", "boxwalk/Heightfield-v0"]


def obstacle_lefts(spacing: float, advance: float) -> list[float]:
    """x of each obstacle on a teachDeepRL track: obstacle (x += advance), then a gap (x += spacing), ..."""
    x, grass, lefts = 20 * STEP, False, []
    while x < 200 * STEP:
        if grass:
            x += spacing
        else:
            lefts.append(x)
            x += advance
        grass = not grass
    return lefts


# ---- Stump Tracks ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("spacing", [0.0, 0.5, 2.0, 6.0])
def test_stump_tracks_layout(spacing):
    (t,) = terrain.generate("stump_tracks", [1.0, spacing], 0)
    lefts = obstacle_lefts(max(spacing, 0.01), STEP)
    assert [p[:, 0].min() for p in t.obstacles] == lefts  # one stump per slot, gaps of exactly the spacing
    assert all(np.isclose(p[:, 0].max() - p[:, 0].min(), STEP) for p in t.obstacles)
    assert np.all(t.ground_y == TH)  # flat ground
    assert t.finish_x == pytest.approx(190 * STEP)


@pytest.mark.parametrize("mu", [0.0, 1.5, 3.0])
def test_stump_heights_follow_floored_normal(mu):
    tracks = terrain.generate("stump_tracks", np.tile([mu, 0.0], (20, 1)), np.arange(20))
    h = np.concatenate([[(p[:, 1].max() - TH) / STEP for p in t.obstacles] for t in tracks])
    assert len(h) > 3000 and h.min() >= 0.05 - 1e-9
    if mu == 0.0:
        assert abs(np.mean(np.isclose(h, 0.05)) - 0.6915) < 0.03  # P(N(0, 0.1) < 0.05) = Phi(0.5)
    else:
        assert abs(h.mean() - mu) < 0.01 and abs(h.std() - 0.1) < 0.006


# ---- Hexagon Tracks ----------------------------------------------------------------------------------------------

def test_hexagon_tracks_vertices():
    base = np.array([(-0.5, 0), (-0.5, 0.25), (-0.25, 0.5), (0.25, 0.5), (0.5, 0.25), (0.5, 0)])
    offsets = np.full(12, 2.0)
    tracks = terrain.generate("hexagon_tracks", np.tile(offsets, (10, 1)), np.arange(10))
    lefts = obstacle_lefts(8.0, 1.0)
    rel = []
    for t in tracks:
        assert len(t.obstacles) == len(lefts)
        for x, hexagon in zip(lefts, t.obstacles):
            assert hexagon.shape == (6, 2)
            assert hexagon[0, 1] == TH and hexagon[5, 1] == TH  # the two ground vertices stay on the ground
            rel.append((hexagon - [x, TH]) / STEP - base)
    rel = np.array(rel)
    # x offsets of every vertex and y offsets of vertices 1..4 are N(2, 0.1).
    assert abs(rel[:, :, 0].mean() - 2.0) < 0.02 and abs(rel[:, 1:5, 1].mean() - 2.0) < 0.02
    assert abs(rel[:, :, 0].std() - 0.1) < 0.02


# ---- Obstacle course ---------------------------------------------------------------------------------------------

def course(level_or_task, seeds=range(10)):
    task = OBSTACLE_LEVELS[level_or_task] if isinstance(level_or_task, str) else level_or_task
    return terrain.generate("obstacle_course", np.tile(task, (len(seeds), 1)), np.array(list(seeds)))


def test_obstacle_course_stumps():
    n = 0
    for t in course("Med-StumpHeight"):
        assert np.all(t.ground_y == TH)
        for p in t.obstacles:
            assert p[:, 0].min() >= 20 * STEP
            assert np.isclose(np.ptp(p[:, 0]), STEP) and np.isclose(np.ptp(p[:, 1]), 2 * STEP)
            n += 1
    assert n > 20


def test_obstacle_course_pits():
    n = 0
    for t in course("Med-PitGap"):
        assert len(t.obstacles) % 2 == 0
        for left, right in zip(t.obstacles[::2], t.obstacles[1::2]):
            assert np.allclose(right - left, [6 * STEP, 0])  # gap of 1 + 5 steps
            assert np.isclose(np.ptp(left[:, 1]), 4 * STEP)  # 4 steps deep
            n += 1
        assert t.ground_y.min() == pytest.approx(TH - 4 * STEP)
    assert n > 10


def test_obstacle_course_stairs():
    n = 0
    for t in course("Med-Stairs"):
        for p in t.obstacles:
            assert np.isclose(np.ptp(p[:, 0]), 4 * STEP) and np.isclose(np.ptp(p[:, 1]), 2 * STEP)
            n += 1
    assert n > 10


@pytest.mark.parametrize("task", [[0, 0, 0, 0, 0.19, 0, 0, 1], [0, 0, 0.79, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0.19, 9]])
def test_obstacle_types_below_their_threshold_are_off(task):
    assert all(not t.obstacles and np.all(t.ground_y == TH) for t in course(task))


def test_roughness_scales_the_grass():
    flat, rough = course([0, 0, 0, 0, 0, 0, 0, 1], [3])[0], course([8, 0, 0, 0, 0, 0, 0, 1], [3])[0]
    assert np.all(flat.ground_y == TH) and np.ptp(rough.ground_y) > 1.0


def test_thin_stumps_never_reach_box2d():
    tracks = course([0, 0, 0, 0, 0.25, 0, 0, 1], range(300))  # heights U(0, 0.25): some too thin to build
    env = boxwalk.WalkerEnv("obstacle_course")
    for seed in range(40):
        env.reset(seed=seed, options={"task": [0, 0, 0, 0, 0.25, 0, 0, 1]})
    assert sum(len(t.obstacles) for t in tracks) > 100


# ---- Heightfield ---------------------------------------------------------------------------------------------------

def test_heightfield_profile():
    h = np.random.default_rng(0).uniform(-3, 3, 200)
    (t,) = terrain.generate("heightfield", h, 0)
    assert np.all(t.ground_y[:22] == TH)
    np.testing.assert_allclose(t.ground_y[22:], TH + h[22:] - h[21])


# ---- Parkour ---------------------------------------------------------------------------------------------------------

def cppn_inputs(v) -> np.ndarray:
    return np.column_stack([np.arange(200) / 199, np.tile(np.float32(v), (200, 1))]).astype(np.float32)


def numpy_cppn(w: dict, v, scale: float) -> np.ndarray:
    """The network in numpy float32 (BLAS's summation order, numpy's own float32 tanh and softplus)."""
    softplus = lambda z: np.logaddexp(np.float32(0), z).astype(np.float32)  # noqa: E731
    h = np.tanh(cppn_inputs(v) @ w["w0"])
    h = softplus(h @ w["w1"])
    h = np.tanh(h @ w["w2"])
    h = softplus(h @ w["w3"])
    return (h @ w["w4"]) / scale


def exact_cppn(w: dict, v, scale: float) -> np.ndarray:
    """The network in float64: what every float32 evaluation approximates."""
    w = {k: a.astype(np.float64) for k, a in w.items()}
    h = np.tanh(cppn_inputs(v).astype(np.float64) @ w["w0"])
    h = np.logaddexp(0.0, h @ w["w1"])
    h = np.tanh(h @ w["w2"])
    h = np.logaddexp(0.0, h @ w["w3"])
    return (h @ w["w4"]) / scale


def naive_order_cppn(w: dict, v, scale: float) -> np.ndarray:
    """The engine's arithmetic, operation by operation: float32 products and sums in the naive loop order (each sum
    from 0 over k ascending), the engine's own elementwise tanh and softplus."""
    def matmul(a, m):
        acc = np.zeros((a.shape[0], m.shape[1]), np.float32)
        for k in range(m.shape[0]):
            acc = acc + a[:, k:k + 1] * m[k]
        return acc

    def act(name, z):
        return _core._testing.cppn_activation(name, z).reshape(z.shape)

    h = act("tanh", matmul(cppn_inputs(v), w["w0"]))
    h = act("softplus", matmul(h, w["w1"]))
    h = act("tanh", matmul(h, w["w2"]))
    h = act("softplus", matmul(h, w["w3"]))
    return matmul(h, w["w4"]).astype(np.float64) / scale


def reference_cppn_weights() -> dict:
    with np.load(reference_data_dir() / "tma_parkour_cppn_weights.npz") as f:
        return {k: f[k] for k in f.files}


@requires_reference_data
def test_cppn_forward_pass_matches_the_reference_weights():
    w = reference_cppn_weights()
    weights = _core.CppnWeights(**w)
    for v, ground_span, ceiling_span in [((-0.15, 0.8, 0.1), (-7.08, 0.0), (-7.24, 5.22)),
                                         ((0.05, 1.0, 0.3), (-14.81, 0.0), (0.0, 10.05))]:
        ground, ceiling = _core._testing.cppn_curves(weights, np.array(v), 10.0)
        # Float32 rounding bound: any float32 evaluation (this engine's, numpy's, TensorFlow's) differs from the exact
        # network by sums of 64 rounded terms; measured: <= 3e-5 of the curve's largest value for the engine, numpy
        # and the engine's previous libm-based activations alike. Checked at 1e-4 against both.
        for ref in (numpy_cppn(w, v, 10.0), exact_cppn(w, v, 10.0)):
            for ours, want in ((ground, ref[:, 0]), (ceiling, ref[:, 1])):
                np.testing.assert_allclose(ours, want, rtol=0, atol=1e-4 * np.abs(want).max())
        g, c = ground - ground[0], ceiling - ceiling[0]
        assert (g.min(), g.max()) == pytest.approx(ground_span, abs=0.01)
        assert (c.min(), c.max()) == pytest.approx(ceiling_span, abs=0.01)
    # A weights file given by the user drives the env's terrain.
    env = boxwalk.WalkerEnv("parkour", cppn_weights=reference_data_dir() / "tma_parkour_cppn_weights.npz")
    env.reset(seed=0, options={"task": [-0.15, 0.8, 0.1, 0.0, 0.25, 0.0, 1.0, 10.0]})
    t = env.terrain_geometry()
    ground, _ = _core._testing.cppn_curves(weights, np.array([-0.15, 0.8, 0.1]), 10.0)
    np.testing.assert_allclose(t.ground_y[20:], ground - ground[0] + TH)


def test_cppn_kernels_keep_the_naive_order_bit_for_bit_on_every_instruction_set():
    isas = _core._testing.cppn_isas()
    assert "baseline" in isas
    arrays = {"default": default_cppn_arrays()}
    if reference_data_dir().is_dir():
        arrays["teachmyagent"] = reference_cppn_weights()
    for w in arrays.values():
        weights = _core.CppnWeights(**w)
        for v in [(-0.15, 0.8, 0.1), (0.05, 1.0, 0.3), (-1.0, -1.0, -1.0), (1.0, 1.0, 1.0)]:
            want = naive_order_cppn(w, v, 10.0)
            for isa in isas:
                ground, ceiling = _core._testing.cppn_curves(weights, np.array(v), 10.0, isa=isa)
                assert np.array_equal(ground, want[:, 0]) and np.array_equal(ceiling, want[:, 1]), isa
    with pytest.raises(ValueError, match="isa must be"):
        _core._testing.cppn_curves(_core.CppnWeights(**arrays["default"]), np.zeros(3), 10.0, isa="neon")


@pytest.mark.parametrize("name, exact", [("tanh", np.tanh), ("softplus", lambda x: np.logaddexp(0.0, x))])
def test_cppn_activations_are_correctly_rounded_floats(name, exact):
    rng = np.random.default_rng(0)
    special = [0.0, -0.0, 1e-45, -1e-45, 1e-20, -1e-20, 9.0, 9.02, -9.02, 20.0, -20.0, 88.7, -88.7, -103.9, -104.0,
               200.0, -200.0, 1e30, -1e30, np.finfo(np.float32).max, -np.finfo(np.float32).max]
    x = np.concatenate([rng.normal(0, 3, 300_000), rng.normal(0, 40, 50_000), rng.uniform(-1e-5, 1e-5, 20_000),
                        special]).astype(np.float32)
    got = _core._testing.cppn_activation(name, x)
    want = exact(x.astype(np.float64)).astype(np.float32)  # the correctly rounded value (up to float64's own error)
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32))  # bit for bit, signed zeros included


def test_default_cppn_is_deterministic_and_shaped_like_the_reference():
    a, b = default_cppn_arrays(), default_cppn_arrays()
    assert {k: v.shape for k, v in a.items()} == {"w0": (4, 64), "w1": (64, 64), "w2": (64, 64), "w3": (64, 64),
                                                  "w4": (64, 2)}
    assert all(v.dtype == np.float32 and np.abs(v).max() <= 4.0 for v in a.values())  # truncated at 2 std
    assert abs(np.concatenate([v.ravel() for v in a.values()]).std() - 2 * 0.88) < 0.1  # truncated N(0, 2) std
    assert all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("scale", [10.0, 20.0])
def test_parkour_track_construction(scale):
    task = np.array([-0.1, 0.8, 0.1, 0.5, 0.3, 2.0, 1.5, scale])
    (t,) = terrain.generate("parkour", task, 7)
    ground, ceiling = _core._testing.cppn_curves(boxwalk.envs.families.core_cppn(), task[:3], scale)
    offset = 200 / scale
    assert len(t.ground_x) == 220
    assert np.all(t.ground_y[:20] == TH) and np.all(t.ceiling_y[:20] == TH + offset)
    np.testing.assert_allclose(t.ground_y[20:], ground - ground[0] + TH)
    np.testing.assert_allclose(t.ceiling_y[20:], np.maximum(ceiling - ceiling[0] + TH + offset, t.ground_y[20:]))
    assert np.all(t.ceiling_y >= t.ground_y)
    # Creepers: 0.3 wide, at least 0.2 tall, hanging from the higher ceiling point they span, spaced >= 1.5.
    lefts = [c[:, 0].min() for c in t.creepers]
    assert len(t.creepers) > 20 and np.all(np.diff(lefts) >= 1.5 - 1e-9)
    k = max(1, int(0.3 // STEP))
    for c in t.creepers:
        i = int(np.argmin(np.abs(t.ground_x - c[:, 0].min())))
        assert np.isclose(np.ptp(c[:, 0]), 0.3) and np.ptp(c[:, 1]) >= 0.2
        assert c[:, 1].max() == pytest.approx(max(t.ceiling_y[i], t.ceiling_y[min(i + k, 219)]))
    floor = -1000 / scale
    assert t.water_floor == floor and t.water_y == pytest.approx(floor + 0.5 * (t.ceiling_y.max() - floor))
    assert t.finish_x == pytest.approx(215 * STEP)


def test_parkour_zero_creepers_still_exist_with_floor_sizes():
    (t,) = terrain.generate("parkour", [-0.1, 0.8, 0.1, 0.0, 0.0, 0.0, 0.0, 10.0], 0)
    assert len(t.creepers) > 50 and all(np.isclose(np.ptp(c[:, 0]), 0.2) for c in t.creepers)


def test_parkour_observation_layout_and_water_flag():
    env = gym.make("boxwalk/Parkour-v0")
    dry, _ = env.reset(seed=0, options={"task": [-0.1, 0.8, 0.1, 0.0, 0.25, 1.0, 2.0, 10.0]})
    wet, _ = env.reset(seed=0, options={"task": [-0.1, 0.8, 0.1, 1.0, 0.25, 1.0, 2.0, 10.0]})
    assert dry.shape == wet.shape == (36,)
    assert dry[4] == 0.0 and wet[4] == 1.0 and dry[5] == wet[5] == 0.0
    assert set(np.unique(dry[26:])) <= {-1.0, 0.0, 1.0}


# ---- all families: determinism, terrain.generate == env, vector == single (check_env: test_conformance) ----------------------

@pytest.mark.parametrize("env_id", FAMILY_IDS)
def test_same_seed_same_terrain_and_generate_matches_the_env(env_id):
    env = gym.make(env_id).unwrapped
    task = env.task_space.test_set[1]
    env.reset(seed=11, options={"task": task})
    a = env.terrain_geometry()
    env.reset(seed=11, options={"task": task})
    b = env.terrain_geometry()
    (c,) = terrain.generate(env.family, task, 11)
    for x, y in [(a, b), (a, c)]:
        assert np.array_equal(x.ground_y, y.ground_y) and len(x.obstacles) == len(y.obstacles)
        assert all(np.array_equal(p, q) for p, q in zip(x.obstacles, y.obstacles))
        assert len(x.creepers) == len(y.creepers)


@pytest.mark.parametrize("env_id", FAMILY_IDS)
def test_heterogeneous_vector_env_equals_single_envs(env_id):
    """Env i of a vector env with per-env tasks == a single env reset with seed s + i and task i, through
    autoresets (where both draw the next task from the same seeded fallback sampler)."""
    n, steps = 5, 300
    vec = gym.make_vec(env_id, num_envs=n, num_threads=2, max_episode_steps=120)
    tasks = vec.task_space.sample(n, rng=5)
    vec.set_next_tasks(np.arange(n), tasks)
    obs, info = vec.reset(seed=100)
    np.testing.assert_array_equal(info["task"], tasks)
    assert info["_task"].all()
    actions = np.random.default_rng(1).uniform(-1, 1, (steps, n, 4)).astype(np.float32)
    trace = [tuple(np.copy(x) for x in vec.step(actions[t])[:4]) for t in range(steps)]
    vec.close()
    for i in range(n):
        single = gym.make(env_id, max_episode_steps=120)
        o, single_info = single.reset(seed=100 + i, options={"task": tasks[i]})
        assert np.array_equal(o, obs[i]) and np.array_equal(single_info["task"], tasks[i])
        done, resets = False, 0
        for t in range(steps):
            if done:  # NEXT_STEP: the vector env resets env i in this step and ignores its action
                o, _ = single.reset()
                r, te, tr, resets = 0.0, False, False, resets + 1
            else:
                o, r, te, tr, _ = single.step(actions[t, i])
            vo, vr, vte, vtr = trace[t]
            assert np.array_equal(o, vo[i]) and r == vr[i] and (te, tr) == (vte[i], vtr[i]), (env_id, i, t)
            done = te or tr
        assert resets >= 1


@pytest.mark.parametrize("env_id", FAMILY_IDS)
def test_bad_tasks(env_id):
    env = gym.make(env_id)
    d = env.unwrapped.task_space.dim
    with pytest.raises(ValueError, match=f"{d} values"):
        env.reset(options={"task": np.zeros(d + 1)})
    bad = env.unwrapped.task_space.test_set[0].copy()
    bad[0] = np.nan
    with pytest.raises(ValueError, match="must be finite"):
        env.reset(options={"task": bad})
    bad[0] = env.unwrapped.task_space.limit_high[0] + 1
    with pytest.raises(ValueError, match="above its upper bound"):
        env.reset(options={"task": bad})
    vec = gym.make_vec(env_id, num_envs=2)
    with pytest.raises(ValueError, match="out of range"):
        vec.set_next_tasks([2], bad[None] * 0 + env.unwrapped.task_space.low)
    with pytest.raises(ValueError, match="above its upper bound"):
        vec.set_next_tasks([0], bad[None])
    with pytest.raises(ValueError, match="1 env indices but 2 tasks"):
        vec.set_next_tasks([0], np.tile(env.unwrapped.task_space.low, (2, 1)))


def test_unknown_family_and_level_and_misplaced_options():
    with pytest.raises(ValueError, match="unknown terrain family 'moon'"):
        boxwalk.WalkerEnv("moon")
    with pytest.raises(ValueError, match="unknown obstacle-course level 'Easy'"):
        boxwalk.WalkerEnv("obstacle_course", level="Easy")
    with pytest.raises(ValueError, match="only for the parkour family"):
        boxwalk.WalkerEnv("stump_tracks", cppn_weights={})
    with pytest.raises(ValueError, match=r"w2 must be a numeric array of shape \(64, 64\)"):
        w = dict(default_cppn_arrays())
        w["w2"] = np.zeros((3, 3), np.float32)
        boxwalk.WalkerEnv("parkour", cppn_weights=w)
    with pytest.raises(ValueError, match="seeds must have 2 values"):
        terrain.generate("stump_tracks", [[1, 1], [2, 2]], [1, 2, 3])


def test_named_levels_are_fixed_and_xchal_is_redrawn():
    env = gym.make("boxwalk/ObstacleCourse-Med-PitGap-v0")
    tasks = [env.reset(seed=s)[1]["task"].tolist() for s in range(3)]
    assert tasks == [OBSTACLE_LEVELS["Med-PitGap"]] * 3
    xchal = gym.make("boxwalk/ObstacleCourse-XChal-v0")
    draws = np.array([xchal.reset(seed=s)[1]["task"] for s in range(20)])
    assert len({tuple(d) for d in draws}) == 20
    assert (draws[:, 0] >= 4.5).all() and (draws[:, 0] <= 8).all() and (draws[:, 2] >= 6).all()


# ---- reference test sets ------------------------------------------------------------------------------------------

@requires_reference_data
@pytest.mark.parametrize(
    "family,file",
    [("stump_tracks", "parametric_stumps_test_set.npy"), ("stump_tracks", "td_stump_tracks_test_set.npy"),
     ("hexagon_tracks", "td_hexagon_tracks_test_set.npy"), ("parkour", "walking_test_set_v1.npy"),
     ("parkour", "climbing_test_set_v1.npy"), ("parkour", "swimming_test_set_v1.npy")],
)
def test_reference_test_sets_load_and_generate(family, file):
    tasks = np.load(reference_data_dir() / file)
    space = boxwalk.WalkerEnv(family).task_space
    tasks = space.validate(tasks)
    geometries = terrain.generate(family, tasks, np.arange(len(tasks)))
    assert len(geometries) == len(tasks)
    env = boxwalk.WalkerEnv(family)
    for i in range(0, len(tasks), 10):
        obs, info = env.reset(seed=i, options={"task": tasks[i]})
        assert np.array_equal(info["task"], tasks[i]) and np.all(np.isfinite(obs))
        env.step(np.zeros(4, np.float32))


@pytest.mark.parametrize("env_id", FAMILY_IDS)
def test_an_episode_depends_only_on_seed_and_task_not_on_earlier_episodes(env_id):
    actions = np.random.default_rng(2).uniform(-1, 1, (150, 4)).astype(np.float32)

    def episode(env):
        obs = [env.reset(seed=3, options={"task": env.unwrapped.task_space.test_set[0]})[0]]
        for a in actions:
            obs.append(env.step(a)[0])
        return np.array(obs)

    fresh = gym.make(env_id)
    used = gym.make(env_id)
    for seed in range(4):  # other terrains, other body counts, other proxy ids
        used.reset(seed=seed)
        for a in actions[:30]:
            used.step(a)
    np.testing.assert_array_equal(episode(fresh), episode(used))


@requires_reference_data
@pytest.mark.parametrize("family,name,file", [
    ("stump_tracks", "teachdeeprl", "td_stump_tracks_test_set.npy"),
    ("hexagon_tracks", "teachdeeprl", "td_hexagon_tracks_test_set.npy"),
    ("hexagon_tracks", "default", "td_hexagon_tracks_test_set.npy"),
])
def test_named_test_sets_equal_the_reference_files(family, name, file):
    space = boxwalk.WalkerEnv(family).task_space
    assert np.array_equal(families.named_test_set(family, name, space), np.load(reference_data_dir() / file))


@requires_reference_data
def test_default_stump_test_set_is_teachmyagents_grid_as_a_set():
    space = boxwalk.WalkerEnv("stump_tracks").task_space
    ours = families.named_test_set("stump_tracks", "default", space)
    theirs = np.load(reference_data_dir() / "parametric_stumps_test_set.npy")
    key = lambda a: sorted(map(tuple, np.round(a, 9)))  # noqa: E731  (same points, other row order: trap T33)
    assert key(ours) == key(theirs)


def test_unknown_test_set_names_the_valid_ones():
    space = boxwalk.WalkerEnv("parkour").task_space
    with pytest.raises(ValueError, match="valid: \\['default'\\]"):
        families.named_test_set("parkour", "teachdeeprl", space)


def test_a_thin_stump_far_from_the_origin_is_judged_as_box2d_judges_it():
    """A stump in [0, 0.2] high at x ~ 60: Box2D's ComputeCentroid fans its area from the world origin in float32,
    where it rounds to nothing; boxwalk's check used a mean-vertex fan, accepted the stump and Box2D's assertion
    failed mid-training (an ACCEL-edited level, 2026-12-02). Found by a 20k-task search; must reset cleanly."""
    task = [7.1200256370553525, 0.7238931180168451, 8.930574246969707, 0.2, 0.0, 3.4433453918614703,
            3.7051498482904295, 1.0]
    env = boxwalk.WalkerEnv("obstacle_course")
    obs, _ = env.reset(seed=5826674919731804548, options={"task": task})
    assert np.all(np.isfinite(obs))
    rng = np.random.default_rng(3)
    for _ in range(300):  # more thin stumps (heights near 0) at every distance
        thin = [rng.uniform(0, 10), 0, 0, 0.2, rng.uniform(0, 0.01), 0, 0, 1]
        env.reset(seed=int(rng.integers(2**63)), options={"task": thin})
