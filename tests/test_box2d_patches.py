"""The build's Box2D patches are neutral beyond the walkers' paths.

boxwalk compiles Box2D with bit-neutral patches (CMakeLists.txt). The golden hashes and the Gymnasium parity tests
cover what the envs do; these scenes also change body types, destroy bodies between steps, switch sub-stepping and
continuous collision on and off, and shoot small boxes fast enough at thin platforms for continuous collision to stop
them (TOI events), and compare every body's state after every step with Gymnasium's unpatched Box2D (pybox2d), bit
for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

from boxwalk import _core
from conftest import requires_reference

STATIC, KINEMATIC, DYNAMIC = 0, 1, 2


def random_scene(seed: int, chunks: int = 30) -> list[tuple[str, list[float]]]:
    """Ground edges, thin static platforms, fast small boxes (some bullets), then chunks of steps with type
    changes, destructions, new bodies and sub-stepping or discrete-collision windows in between."""
    rng = np.random.default_rng(seed)
    ops: list[tuple[str, list[float]]] = []
    xs = np.linspace(-15.0, 15.0, 31)
    ys = rng.uniform(-0.3, 0.3, xs.size)
    for i in range(xs.size - 1):
        ops.append(("edge", [xs[i], ys[i], xs[i + 1], ys[i + 1]]))

    def box(kind: int, fast: bool) -> tuple[str, list[float]]:
        x, y = rng.uniform(-12.0, 12.0), rng.uniform(0.5, 6.0) if kind == STATIC else rng.uniform(6.0, 14.0)
        if kind == STATIC:
            return ("box", [STATIC, x, y, rng.uniform(-0.5, 0.5), rng.uniform(0.3, 1.5), 0.02, 0, 0, 0, 1, 0])
        vy = rng.uniform(-90.0, -40.0) if fast else rng.uniform(-5.0, 5.0)
        return ("box", [kind, x, y, rng.uniform(-3, 3), rng.uniform(0.05, 0.3), rng.uniform(0.05, 0.3),
                        rng.uniform(-5, 5), vy, rng.uniform(-5, 5), rng.uniform(0.5, 3.0), float(rng.random() < 0.2)])

    ops += [box(STATIC, False) for _ in range(40)]
    ops += [box(DYNAMIC, True) for _ in range(12)]
    ops.append(box(KINEMATIC, False))
    count = sum(op == "edge" or op == "box" for op, _ in ops)
    boxes = list(range(xs.size - 1, count))  # live box bodies (the edges stay)
    substepping, continuous = False, True
    for _ in range(chunks):
        ops.append(("step", [int(rng.integers(3, 12)), 8, 3]))
        for _ in range(int(rng.integers(0, 4))):
            r = rng.random()
            if r < 0.4 and boxes:
                ops.append(("set_type", [int(rng.choice(boxes)), int(rng.choice([STATIC, KINEMATIC, DYNAMIC]))]))
            elif r < 0.55 and len(boxes) > 10:
                victim = int(rng.choice(boxes))
                boxes.remove(victim)
                ops.append(("destroy", [victim]))
            elif r < 0.8:
                ops.append(box(STATIC if rng.random() < 0.3 else DYNAMIC, fast=True))
                boxes.append(count)
                count += 1
            elif r < 0.9:
                substepping = not substepping
                ops.append(("substepping", [float(substepping)]))
            else:
                continuous = not continuous
                ops.append(("continuous", [float(continuous)]))
    return ops


def run_pybox2d(ops: list[tuple[str, list[float]]]) -> np.ndarray:
    """The same operations through pybox2d, recorded as _core._testing.box2d_script records them."""
    import Box2D

    types = {STATIC: Box2D.b2_staticBody, KINEMATIC: Box2D.b2_kinematicBody, DYNAMIC: Box2D.b2_dynamicBody}
    world = Box2D.b2World(gravity=(0, -10))
    bodies: list = []
    states: list[float] = []
    for op, a in ops:
        if op == "box":
            body = world.CreateBody(Box2D.b2BodyDef(type=types[int(a[0])], position=(a[1], a[2]), angle=a[3],
                                                    linearVelocity=(a[6], a[7]), angularVelocity=a[8],
                                                    bullet=bool(a[10])))
            body.CreateFixture(Box2D.b2FixtureDef(shape=Box2D.b2PolygonShape(box=(a[4], a[5])), density=a[9]))
            bodies.append(body)
        elif op == "edge":
            body = world.CreateBody(Box2D.b2BodyDef())
            body.CreateFixture(Box2D.b2FixtureDef(shape=Box2D.b2EdgeShape(vertices=[(a[0], a[1]), (a[2], a[3])])))
            bodies.append(body)
        elif op == "set_type":
            bodies[int(a[0])].type = types[int(a[1])]
        elif op == "destroy":
            world.DestroyBody(bodies[int(a[0])])
            bodies[int(a[0])] = None
        elif op == "substepping":
            world.subStepping = bool(a[0])
        elif op == "continuous":
            world.continuousPhysics = bool(a[0])
        elif op == "step":
            for _ in range(int(a[0])):
                world.Step(0.02, int(a[1]), int(a[2]))
                for b in bodies:
                    if b is not None:
                        states += [*b.position, b.angle, *b.linearVelocity, b.angularVelocity]
    return np.asarray(states, dtype=np.float32)


@requires_reference
@pytest.mark.parametrize("seed", range(6))
def test_patched_box2d_matches_pybox2d_bit_for_bit(seed):
    ops = random_scene(seed)
    ours = _core._testing.box2d_script(ops)
    reference = run_pybox2d(ops)
    assert ours.shape == reference.shape and ours.size > 0
    assert np.isfinite(ours).all()
    np.testing.assert_array_equal(ours.view(np.uint32), reference.view(np.uint32))


@requires_reference
@pytest.mark.parametrize("continuous", [0.0, 1.0])
def test_set_type_of_a_body_in_a_resting_stack(continuous):
    # With continuous collision off, the bodies of a step's islands keep their island flags until the next step;
    # making one static then needs the next step to clear its flag, or the boxes resting on it are solved against a
    # body outside their island.
    stack = [("box", [DYNAMIC, 0.0, 0.5 + i, 0.0, 0.5, 0.5, 0, 0, 0, 1.0, 0]) for i in range(4)]
    ops = [("edge", [-5.0, 0.0, 5.0, 0.0]), *stack, ("continuous", [continuous]), ("step", [20, 8, 3]),
           ("set_type", [2, STATIC]), ("step", [20, 8, 3]), ("set_type", [2, DYNAMIC]), ("step", [20, 8, 3]),
           ("set_type", [3, KINEMATIC]), ("step", [20, 8, 3])]
    ours = _core._testing.box2d_script(ops)
    np.testing.assert_array_equal(ours.view(np.uint32), run_pybox2d(ops).view(np.uint32))


def test_box2d_script_rejects_bad_operations():
    with pytest.raises(ValueError, match="unknown op 'jump'"):
        _core._testing.box2d_script([("jump", [])])
    with pytest.raises(ValueError, match="'edge' takes 4 arguments"):
        _core._testing.box2d_script([("edge", [0, 0, 1])])
    with pytest.raises(ValueError, match="no live body 3"):
        _core._testing.box2d_script([("edge", [0, 0, 1, 0]), ("destroy", [3])])
    with pytest.raises(ValueError, match="'step' n must be a whole number >= 0"):
        _core._testing.box2d_script([("step", [2.5, 8, 3])])
    with pytest.raises(ValueError, match="a body number must be a whole number"):
        _core._testing.box2d_script([("edge", [0, 0, 1, 0]), ("destroy", [-1])])
    with pytest.raises(ValueError, match="body type"):
        _core._testing.box2d_script([("box", [7, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0])])
