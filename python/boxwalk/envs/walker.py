"""Single walker environments on the C++ engine: the classic BipedalWalker and the parameterised families."""

from __future__ import annotations

import secrets
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from gymnasium.error import ResetNeeded
from gymnasium.utils import EzPickle

from boxwalk import _core
from boxwalk.envs import families
from boxwalk.envs.exclusive import exclusive
from boxwalk.envs.geometry import TerrainGeometry
from boxwalk.envs.rendering import RENDER_MODES, HumanWindow, check_render_mode
from boxwalk.tasks import SUCCESS_RETURN, TaskSpace

_MASK64 = (1 << 64) - 1
LEVEL_SEED_LIMIT = 1 << 63  # level seeds fit numpy's int64


def level_seeds(seeds: Any, count: int) -> np.ndarray:
    """``seeds`` as ``count`` level seeds (int64 in [0, 2**63)); ValueError naming the problem otherwise."""
    values = np.asarray(seeds, dtype=object).reshape(-1) if not isinstance(seeds, np.ndarray) else seeds.reshape(-1)
    if values.shape != (count,):
        raise ValueError(f"seeds must hold {count} level seeds, got shape {np.shape(seeds)}")
    out = np.empty(count, dtype=np.int64)
    for k, s in enumerate(values.tolist()):
        if isinstance(s, bool) or not isinstance(s, int) or not 0 <= s < LEVEL_SEED_LIMIT:
            raise ValueError(f"level seed {k} must be an int in [0, 2**63), got {s!r}")
        out[k] = s
    return out


def walker_spaces(core: _core.WalkerEnv | _core.Batch) -> tuple[spaces.Box, spaces.Box]:
    """(observation space, action space) of one env of ``core``: the engine's declared observation bounds
    (Gymnasium's BipedalWalker bounds for its walker) and one action in [-1, 1] per motor and grasp sensor."""
    low, high = core.observation_bounds
    n = core.action_size
    return spaces.Box(low, high), spaces.Box(-np.ones(n, np.float32), np.ones(n, np.float32))


class _EngineEnv(gym.Env[np.ndarray, np.ndarray]):
    """Shared plumbing: the C++ env, Gymnasium seeding bridged to the C++ PCG64 stream, step and inspection."""

    metadata = {"render_modes": RENDER_MODES, "render_fps": 50}
    _core: _core.WalkerEnv
    _window: HumanWindow | None = None

    def _init_render(self, render_mode: str | None, render_lidar: bool) -> None:
        check_render_mode(render_mode)
        self.render_mode = render_mode
        self.render_lidar = bool(render_lidar)

    def _init_spaces(self) -> None:
        self.observation_space, self.action_space = walker_spaces(self._core)

    def _engine_reset(self, seed: int | None, task: np.ndarray | None, level_seed: int | None = None) -> np.ndarray:
        super().reset(seed=seed)
        obs, rng_after, self._level_seed = self._core.reset(self._rng_state(), task, level_seed)
        self._store_rng_state(rng_after)
        if self.render_mode == "human":
            self.render()
        return obs

    @exclusive
    def step(self, action):
        if not self._core.has_episode:
            raise ResetNeeded("step() called before reset() (or after an engine error): call reset() first")
        obs, reward, terminated = self._core.step(np.asarray(action))
        if self.render_mode == "human":
            self.render()
        return obs, reward, terminated, False, self._step_info(reward)

    def _step_info(self, reward: float) -> dict[str, Any]:
        return {}

    @exclusive
    def render(self) -> np.ndarray | None:
        """The current frame as a (400, 600, 3) uint8 array (``"rgb_array"``), or shown in a window (``"human"``).

        Drawn in C++ with Gymnasium BipedalWalker's view (600 x 400 pixels, 30 per metre, the hull a fifth of the
        way in); ``render_lidar=True`` adds the lidar rays. Frames depend only on the simulation state.
        """
        if self.render_mode is None:
            gym.logger.warn("render() called without a render_mode; create the env with render_mode='rgb_array'")
            return None
        if not self._core.has_episode:
            raise ResetNeeded("nothing to render before reset()")
        frame = self._core.render(self.render_lidar)
        if self.render_mode == "rgb_array":
            return frame
        if self._window is None:
            self._window = HumanWindow(self.metadata["render_fps"])
        self._window.show(frame)
        return None

    @exclusive
    def close(self):
        if self._window is not None:
            self._window.close()
            self._window = None

    @exclusive
    def terrain_geometry(self) -> TerrainGeometry:
        """The current episode's terrain (see :class:`boxwalk.TerrainGeometry`). Requires a reset."""
        if not self._core.has_episode:
            raise ResetNeeded("no terrain before reset()")
        return TerrainGeometry._from_core(self._core.terrain())

    @property
    def hull_position(self) -> tuple[float, float]:
        """The hull's (x, y) in world units."""
        return self._core.hull_position

    @exclusive
    def held(self) -> list[str | None]:
        """Climbers: per grasp sensor (action order), ``"ceiling"`` or ``"creeper"`` while it holds on to one, else
        ``None``. Empty for other bodies."""
        if not self._core.has_episode:
            raise ResetNeeded("nothing held before reset()")
        return self._core.held()

    BODY_STATE_COLUMNS = ("x", "y", "angle", "vx", "vy", "angular_velocity", "mass", "submerged_area", "touching")

    @exclusive
    def body_state(self) -> np.ndarray:
        """One row per body part (creation order, head first for most bodies) with the columns of
        ``BODY_STATE_COLUMNS``: world position and angle, velocities, mass, the area under water when the water
        forces were last computed (Parkour; 0 elsewhere), and 1.0 while the part touches something solid (for the
        parts whose contacts the body tracks: contact bits and critical parts). A fresh float64 array; requires a
        reset."""
        if not self._core.has_episode:
            raise ResetNeeded("no body before reset()")
        return self._core.body_state()

    # The C++ generator continues numpy's PCG64 stream and hands it back, so np_random always holds the state
    # Gymnasium's env would have after the same draws.
    def _rng_state(self) -> tuple[int, int, int, int, int, int]:
        bit_generator = self.np_random.bit_generator
        if not isinstance(bit_generator, np.random.PCG64):
            raise TypeError(
                f"boxwalk envs draw from a PCG64 stream; np_random uses {type(bit_generator).__name__}. "
                "Seed through reset(seed=...) instead of replacing np_random."
            )
        st = bit_generator.state
        state, inc = st["state"]["state"], st["state"]["inc"]
        return (state >> 64, state & _MASK64, inc >> 64, inc & _MASK64, st["has_uint32"], st["uinteger"])

    def _store_rng_state(self, t: tuple[int, int, int, int, int, int]) -> None:
        self.np_random.bit_generator.state = {
            "bit_generator": "PCG64",
            "state": {"state": (t[0] << 64) | t[1], "inc": (t[2] << 64) | t[3]},
            "has_uint32": t[4],
            "uinteger": t[5],
        }


class WalkerEnv(_EngineEnv, EzPickle):
    """A walker on a parameterised terrain family, driven by tasks.

    ``reset(options={"task": task})`` builds the next terrain from ``task`` (an array or a {name: value} dict,
    validated against ``task_space``); without one, a seeded fallback sampler draws uniformly in the task box.
    ``info["task"]`` of every reset holds the task used.

    Args:
        family: a terrain family with tasks (``boxwalk.envs.families.task_families()``): ``"stump_tracks"``,
            ``"hexagon_tracks"``, ``"obstacle_course"``, ``"parkour"``, ``"heightfield"`` or ``"gaps"``.
        body: the embodiment, by TeachMyAgent's name (``boxwalk.body_names(family)``); default
            ``"old_classic_bipedal"``, Gymnasium's walker. Observation and action sizes depend on it.
        task_space: override the family's box (e.g. ``space.with_box(stump_height=(0, 9))``), within its limits.
        level: obstacle_course only: a named dcd/POET level (its task is fixed; "XChal" is redrawn each reset).
        parkour_box: parkour only: TeachMyAgent's "medium" (default) or "easy" CPPN-input box.
        cppn_weights: parkour only: a .npz path or mapping w0..w4 (default: boxwalk's own frozen CPPN).
        render_mode: ``None``, ``"rgb_array"`` (``render()`` returns a (400, 600, 3) uint8 frame) or ``"human"``
            (a pygame window, updated at every step).
        render_lidar: draw the lidar rays in rendered frames.
    """

    def __init__(
        self,
        family: str = "stump_tracks",
        *,
        body: str = families.DEFAULT_BODY,
        task_space: TaskSpace | None = None,
        level: str | None = None,
        parkour_box: str | None = None,
        cppn_weights: Any = None,
        render_mode: str | None = None,
        render_lidar: bool = False,
    ):
        EzPickle.__init__(self, family, body=body, task_space=task_space, level=level, parkour_box=parkour_box,
                          cppn_weights=cppn_weights, render_mode=render_mode, render_lidar=render_lidar)
        self._init_render(render_mode, render_lidar)
        self.family = family
        self._spec = families.family(family)
        if not self._spec.has_tasks:
            raise ValueError(f"the {family} family has no tasks: use boxwalk.BipedalWalker; valid families: "
                             f"{families.task_families()}")
        self.task_space = families.resolve_task_space(
            family, task_space, {"level": level, "parkour_box": parkour_box}, cppn_weights)
        self.body = body
        cppn = families.core_cppn(cppn_weights) if self._spec.rules["needs_cppn"] else None
        self._core = _core.WalkerEnv(family, False, cppn, self.task_space.low, self.task_space.high, body)
        self._sampler_seeded = False
        self._episode_return = 0.0
        self._init_spaces()

    @property
    def task(self) -> np.ndarray:
        """The task of the current episode."""
        return self._core.task

    @property
    def level_seed(self) -> int:
        """The level seed of the current episode: with :attr:`task`, it determines the terrain and the start."""
        return self._level_seed

    @exclusive
    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        task = None
        if options is not None and options.get("task") is not None:
            task = self.task_space.as_array(options["task"])
            if task.ndim != 1:
                raise ValueError(f"options['task'] must be one task, got shape {task.shape}")
        if seed is not None:
            self._core.seed_task_sampler(int(seed) & _MASK64)
            self._sampler_seeded = True
        elif not self._sampler_seeded:
            self._core.seed_task_sampler(secrets.randbits(64))
            self._sampler_seeded = True
        # An explicit seed is the episode's level seed (so reset(seed=level_seed, options={"task": task}) replays a
        # level); without one, the engine draws the level seed from np_random.
        level_seed = int(seed) if seed is not None and 0 <= int(seed) < LEVEL_SEED_LIMIT else None
        obs = self._engine_reset(seed, task, level_seed)
        self._episode_return = 0.0
        return obs, {"task": self._core.task, "level_seed": self._level_seed}

    def _step_info(self, reward: float) -> dict[str, Any]:
        if not self._spec.success_info:
            return {}
        self._episode_return += reward
        return {"success": self._episode_return > SUCCESS_RETURN}
