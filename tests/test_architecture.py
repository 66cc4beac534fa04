"""The package's shape: no import cycles (imports inside functions counted too), one declared family table."""

from __future__ import annotations

import ast
import ctypes
import importlib.util
import os
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

import boxwalk
from boxwalk import _core
from boxwalk.envs import families
from boxwalk.experiments.config import ENVS

PACKAGE = Path(boxwalk.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def import_graph() -> dict[str, set[str]]:
    """boxwalk module -> the boxwalk modules it imports anywhere in its body (module level or inside functions).
    ``from pkg import name`` counts as importing ``pkg.name`` when that is a module, else ``pkg``; importing a
    submodule also runs its parent packages' ``__init__`` (the root package excepted: everything is inside it)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        here = _module_name(path)
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{a.name}" if _is_module(f"{node.module}.{a.name}") else node.module
                         for a in node.names]
            for name in names:
                if not name.startswith("boxwalk."):
                    continue
                parts = name.split(".")
                targets.update(".".join(parts[:k]) for k in range(2, len(parts) + 1))
        targets.discard(here)
        graph[here] = {t for t in targets if _is_module(t) and not here.startswith(t + ".")}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles_among_modules():
    graph = import_graph()
    assert len(graph) > 40 and "boxwalk.experiments.train" in graph
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_layers_only_point_down():
    """Subpackages form a DAG: envs never import experiments, teachers or learners; teachers and learners never
    import envs or experiments; distributed never imports experiments."""
    graph = import_graph()
    forbidden = {"boxwalk.envs": ("boxwalk.experiments", "boxwalk.teachers", "boxwalk.learners",
                                  "boxwalk.distributed", "boxwalk.terrain"),
                 "boxwalk.teachers": ("boxwalk.envs", "boxwalk.experiments", "boxwalk.learners"),
                 "boxwalk.learners": ("boxwalk.envs", "boxwalk.experiments", "boxwalk.teachers"),
                 "boxwalk.distributed": ("boxwalk.experiments",)}
    for module, targets in graph.items():
        for layer, banned in forbidden.items():
            if module == layer or module.startswith(layer + "."):
                bad = [t for t in targets if t.startswith(banned)]
                assert not bad, f"{module} imports {bad}"


# ---- the family table ----------------------------------------------------------------------------------------------

FIELDS = {"task_size", "observation", "bodies", "reuse_world", "needs_cppn", "takes_hardcore",
          "head_contact_critical", "survival_limit", "time_limit", "hardcore_time_limit", "camera_follows_y"}


def test_core_families_declare_every_field_and_python_has_a_module_for_each():
    assert set(_core.FAMILIES) == set(families.FAMILIES)
    assert not hasattr(_core, "TASK_SIZES")
    for name, rules in _core.FAMILIES.items():
        assert set(rules) == FIELDS, name
        assert rules["observation"] in ("classic", "parkour")
        assert set(rules["bodies"]) <= set(_core.BODIES) and rules["bodies"]
        spec = families.family(name)
        if spec.has_tasks:
            assert spec.task_space().dim == rules["task_size"]
    assert _core.FAMILIES["classic"]["reuse_world"] and _core.FAMILIES["classic"]["bodies"] == ["old_classic_bipedal"]
    assert _core.FAMILIES["parkour"]["needs_cppn"] and set(_core.FAMILIES["parkour"]["bodies"]) == set(_core.BODIES)


def test_the_extension_keeps_box2d_and_the_engine_to_itself():
    """Box2D and the engine are linked into _core with hidden visibility: a Box2D that another library puts in the
    process's global symbol scope cannot stand in for boxwalk's patched one (its results would silently differ)."""
    lib = ctypes.CDLL(_core.__file__, mode=os.RTLD_LOCAL)  # the loaded module again: dlopen returns its handle
    assert hasattr(lib, "PyInit__core")
    for symbol in ("_ZN7b2World4StepEfii",  # b2World::Step(float, int, int)
                   "_ZN12b2BroadPhase11UpdatePairsI16b2ContactManagerEEvPT_",  # patched at build time
                   "_ZN7boxwalk13cppn_best_isaEv"):  # the engine's own
        assert not hasattr(lib, symbol), symbol


def test_test_hooks_live_in_a_private_submodule():
    for hook in ("Pcg64", "seed_sequence_state", "cppn_curves", "box2d_assert", "bench_floor"):
        assert hasattr(_core._testing, hook)
        assert not hasattr(_core, hook) and not hasattr(_core, "_" + hook)


def test_registration_cli_and_generation_iterate_the_registry():
    for name, spec in families.FAMILIES.items():
        for env_id, extra in spec.gym_ids.items():
            registered = gym.spec(env_id)
            assert registered.max_episode_steps == spec.time_limit(bool(extra.get("hardcore")))
            assert registered.kwargs.get("family", "classic") == name
        for cli in spec.cli_names:
            assert ENVS[cli].family == name
        if spec.has_tasks:
            space = spec.task_space()
            terrains = boxwalk.terrain.generate(name, space.test_set[:2], [0, 1], num_threads=1)
            assert len(terrains) == 2


def test_observation_bounds_come_from_the_engine():
    """Gymnasium's bounds for its walker; every family x body pair's space has the engine's observation size."""
    env = gym.make("boxwalk/BipedalWalker-v3")
    assert env.observation_space.shape == (24,)
    assert env.observation_space.low[0] == np.float32(-np.pi) and env.observation_space.high[-1] == 1.0
    for name, rules in _core.FAMILIES.items():
        if not families.family(name).has_tasks:
            continue
        for body in rules["bodies"][:3]:
            e = boxwalk.WalkerEnv(name, body=body)
            obs, _ = e.reset(seed=0)
            assert e.observation_space.shape == obs.shape
            e.close()


def test_validation_errors_come_from_one_layer():
    with pytest.raises(ValueError, match="hardcore= is only for the classic family"):
        boxwalk.WalkerVectorEnv(2, family="stump_tracks", hardcore=True)
    with pytest.raises(ValueError, match="num_threads must be >= 1"):
        boxwalk.WalkerVectorEnv(2, family="stump_tracks", num_threads=0)
    with pytest.raises(ValueError, match="num_envs must be >= 1"):
        boxwalk.WalkerVectorEnv(0, family="stump_tracks")
    with pytest.raises(ValueError, match="level= is only for the obstacle_course family"):
        boxwalk.WalkerEnv("stump_tracks", level="Med-Stairs")
    with pytest.raises(ValueError, match="the classic family has no tasks"):
        boxwalk.WalkerEnv("classic")
    with pytest.raises(ValueError, match="CPPN weight w0 has non-finite values"):
        w = dict(families.default_cppn_arrays())
        w["w0"] = np.full((4, 64), np.nan, np.float32)
        boxwalk.WalkerEnv("parkour", cppn_weights=w)


# ---- the family added through the documented path ------------------------------------------------------------------

def test_gaps_family_opens_pits_of_the_task_width_at_the_task_spacing():
    (t,) = boxwalk.terrain.generate("gaps", [[1.5, 3.0]], [0])
    assert np.all(np.diff(t.ground_x) > 0)
    walls = t.obstacles
    assert len(walls) >= 8 and len(walls) % 2 == 0
    step = 14 / 30
    for left, right in zip(walls[0::2], walls[1::2]):
        opening = right[:, 0].min() - left[:, 0].max()
        assert opening == pytest.approx(1.5)
    for right, next_left in zip(walls[1::2], walls[2::2]):
        assert 3.0 <= next_left[:, 0].min() - right[:, 0].max() < 3.0 + step
    (flat,) = boxwalk.terrain.generate("gaps", [[0.0, 3.0]], [0])
    assert len(flat.obstacles) == 0 and np.all(flat.ground_y == flat.ground_y[0])


def test_gaps_family_plays_like_the_others():
    from gymnasium.utils.env_checker import check_env

    env = gym.make("boxwalk/Gaps-v0")
    check_env(env.unwrapped, skip_render_check=True)
    obs, info = env.reset(seed=3, options={"task": {"gap_width": 2.0, "gap_spacing": 2.0}})
    assert obs.shape == (24,) and info["task"].tolist() == [2.0, 2.0]
    for _ in range(300):
        obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
        assert np.all(np.isfinite(obs)) and np.isfinite(reward) and "success" in info
        if terminated or truncated:
            break
    a = boxwalk.WalkerVectorEnv(3, family="gaps", num_threads=2)
    a.set_next_tasks([0, 1, 2], [[0.5, 2.0], [1.0, 4.0], [2.0, 1.0]])
    obs_a, _ = a.reset(seed=7)
    single = boxwalk.WalkerEnv("gaps")
    obs_1, _ = single.reset(seed=8, options={"task": [1.0, 4.0]})
    assert np.array_equal(obs_a[1], obs_1)
    assert set(boxwalk.body_names("gaps")) == {n for n, k in _core.BODIES.items() if k == "walker"}
