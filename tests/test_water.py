"""Parkour water: buoyancy against densities, drag, no forces out of the water, and the 600-step death rules."""

from __future__ import annotations

import numpy as np
import pytest

import boxwalk

X, Y, VX, VY, MASS, SUBMERGED = 0, 1, 3, 4, 6, 7
WATER_DENSITY = 1.0
# The reference's part densities (REFERENCE.md section 4), in creation order: head/hull first, then the limbs.
DENSITIES = {
    "fish": [WATER_DENSITY - 0.01] * 5,
    "amphibious_bipedal": [1.25 * WATER_DENSITY] + [0.25 * WATER_DENSITY] * 4,
    "old_classic_bipedal": [5.0] + [1.0] * 4,
}
DEEP = 1.0  # water level filling up to the highest ceiling point


def parkour_task(water_level: float) -> np.ndarray:
    """A gentle Parkour track (CPPN input of the walking test set's centre) with the given water level."""
    return np.array([0.0, 0.8, 0.0, water_level, 0.0, 0.0, 1.0, 10.0])


def water_level_for_surface(body: str, height: float) -> float:
    """The water level putting the surface `height` above the start pad (the level is relative to the ceiling)."""
    env = boxwalk.WalkerEnv("parkour", body=body)
    env.reset(seed=0, options={"task": parkour_task(0.5)})
    g = env.terrain_geometry()
    return (g.ground_y[0] + height - g.water_floor) / (max(g.ceiling_y) - g.water_floor)


def idle(env, steps: int):
    zero = np.zeros(env.action_space.shape, np.float32)
    for _ in range(steps):
        yield env.step(zero)


@pytest.mark.parametrize("body", ["fish", "amphibious_bipedal", "old_classic_bipedal"])
def test_bodies_float_or_sink_as_their_densities_say(body):
    """Steady state with limp joints in water 2 units deep: a body lighter than water on average floats with
    submerged area = mass / water density (buoyancy = weight); a denser one lies on the bottom fully submerged."""
    env = boxwalk.WalkerEnv("parkour", body=body)
    env.reset(seed=0, options={"task": parkour_task(water_level_for_surface(body, 2.0))})
    state = env.body_state()
    areas = state[:, MASS] / np.array(DENSITIES[body])
    mass = state[:, MASS].sum()
    floats = mass / areas.sum() < WATER_DENSITY
    assert floats == (body != "old_classic_bipedal")
    submerged, speeds = [], []
    for step, (_, _, terminated, _, _) in enumerate(idle(env, 3000)):
        assert not terminated
        if step >= 2000:
            state = env.body_state()
            submerged.append(state[:, SUBMERGED].sum())
            speeds.append(np.abs(state[:, VY]).max())
    expected = mass / WATER_DENSITY if floats else areas.sum()
    # Floating bodies still bob a little (quadratic drag damps slowly): compare the time average.
    assert np.mean(submerged) == pytest.approx(expected, rel=0.01)
    assert np.max(speeds) < 0.1
    if floats:
        assert np.max(submerged) < areas.sum() - 1e-3  # at the surface, partly out of the water
        assert np.min(submerged) < expected < np.max(submerged)
    else:
        assert np.allclose(submerged, areas.sum(), rtol=1e-5)


def test_drag_slows_a_coasting_fish_quadratically():
    """The fish swims, then stops: in open water nothing but drag acts horizontally, and a drag force proportional
    to the squared speed makes 1/vx grow linearly in time."""
    env = boxwalk.WalkerEnv("parkour", body="fish")
    env.reset(seed=0, options={"task": parkour_task(DEEP)})
    for _ in idle(env, 300):  # rise clear of the ground
        pass
    for t in range(150):
        env.step(np.sign(np.sin(t / 5 + np.arange(4.0))) * np.array([1, 1, 1, 0]))
    vx = []
    for obs, _, _, _, _ in idle(env, 200):
        contacts = obs[[8, 11, 14, 17]]
        assert not contacts.any()
        vx.append(env.body_state()[0, VX])
    vx = np.array(vx[10:])  # the limp joints settle during the first steps
    assert vx[0] > 0.3 and np.all(np.diff(vx) < 0) and vx[-1] < 0.4 * vx[0]
    t = np.arange(len(vx))
    inverse = 1 / vx
    fit = np.polyval(np.polyfit(t, inverse, 1), t)
    r2 = 1 - np.sum((inverse - fit) ** 2) / np.sum((inverse - inverse.mean()) ** 2)
    assert r2 > 0.98


def test_no_water_forces_out_of_the_water():
    """Above dry ground the fish falls freely (velocity change = g dt for every part, no submerged area); in deep
    water the same spawn rises."""
    dry = boxwalk.WalkerEnv("parkour", body="fish")
    dry.reset(seed=0, options={"task": parkour_task(0.0)})
    before = dry.body_state()
    for _ in idle(dry, 3):
        after = dry.body_state()
        assert np.all(after[:, SUBMERGED] == 0)
        assert np.allclose(after[:, VY] - before[:, VY], -10.0 / 50, atol=1e-5)
        before = after
    wet = boxwalk.WalkerEnv("parkour", body="fish")
    wet.reset(seed=0, options={"task": parkour_task(DEEP)})
    before = wet.body_state()
    for _ in idle(wet, 3):
        after = wet.body_state()
        assert np.all(after[:, SUBMERGED] > 0)
        assert np.all(after[:, VY] - before[:, VY] > -10.0 / 50 + 0.05)
        before = after


@pytest.mark.parametrize("body,water_level", [("old_classic_bipedal", DEEP), ("fish", 0.0)])
def test_death_after_600_steps_in_the_wrong_medium(body, water_level):
    """Walkers drown after 600 steps under water, the fish suffocates after 600 out of it. Death is not terminal:
    the flag stays up, actions are replaced by zeros (no torque cost) and the episode goes on."""
    task = parkour_task(water_level)
    env = boxwalk.WalkerEnv("parkour", body=body)
    idle_twin = boxwalk.WalkerEnv("parkour", body=body)
    for _ in range(2):  # a second reset starts the counters again
        env.reset(seed=3, options={"task": task})
        idle_twin.reset(seed=3, options={"task": task})
        rng = np.random.default_rng(0)
        for step in range(1, 701):
            action = rng.uniform(-1, 1, env.action_space.shape).astype(np.float32)
            if step <= 601:
                action[:] = 0  # alive: both play the same; dead: the random actions must be ignored
            obs, reward, terminated, truncated, _ = env.step(action)
            twin_obs, twin_reward, _, _, _ = idle_twin.step(np.zeros_like(action))
            assert obs[4] == (water_level == DEEP)  # under water
            assert obs[5] == (step > 601), step     # dead from step 602 on: counters of the 601 earlier steps
            assert not terminated and not truncated
            np.testing.assert_array_equal(obs, twin_obs)
            assert reward == twin_reward


@pytest.mark.parametrize("body,water_level", [("amphibious_bipedal", DEEP), ("amphibious_bipedal", 0.0),
                                              ("fish", DEEP), ("old_classic_bipedal", 0.0)])
def test_no_death_in_the_right_medium(body, water_level):
    env = boxwalk.WalkerEnv("parkour", body=body)
    env.reset(seed=3, options={"task": parkour_task(water_level)})
    for obs, _, terminated, _, _ in idle(env, 700):
        assert obs[5] == 0
        if terminated:
            break


def test_the_drowning_head_reddens_in_the_frame():
    """TeachMyAgent's cue: the head's fill moves toward red with the steps spent in the deadly medium (here a fish
    stranded on dry ground, at rest long before the frames are taken, so only the colour changes)."""
    env = boxwalk.WalkerEnv("parkour", body="fish", render_mode="rgb_array")
    env.reset(seed=0, options={"task": parkour_task(0.0)})
    frames, states = {}, {}
    for step, _ in enumerate(idle(env, 550), start=1):
        if step in (300, 550):
            frames[step], states[step] = env.render().astype(int), env.body_state()
    np.testing.assert_allclose(states[300][:, :3], states[550][:, :3], atol=1e-4)
    changed = np.any(frames[300] != frames[550], axis=-1)
    assert changed.sum() > 50
    assert np.all(frames[550][changed][:, 0] >= frames[300][changed][:, 0])
    assert np.all(frames[550][changed][:, 2] <= frames[300][changed][:, 2])
