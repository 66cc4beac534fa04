// A scripted Box2D scene for the tests: the build's patched Box2D run through a list of world operations, so that
// Python can run the same operations through pybox2d (Gymnasium's unpatched Box2D) and compare every state, bit for
// bit. It reaches what no walker does -- bodies changing type, bodies destroyed between steps, sub-stepping,
// continuous collision off -- to check that the build-time patches are neutral beyond the paths the envs take.
#pragma once

#include <string>
#include <vector>

namespace boxwalk {

// One operation; args by op (lengths are checked):
//   "box"        type(0 static, 1 kinematic, 2 dynamic), x, y, angle, half_width, half_height, vx, vy, w, density,
//                bullet(0/1)  -- a body with one box fixture (friction 0.2, Box2D's default)
//   "edge"       x1, y1, x2, y2  -- a static body at the origin with one edge fixture
//   "set_type"   body, type      -- b2Body::SetType
//   "destroy"    body            -- b2World::DestroyBody
//   "substepping" on(0/1)        -- b2World::SetSubStepping
//   "continuous" on(0/1)         -- b2World::SetContinuousPhysics
//   "step"       n, velocity_iterations, position_iterations  -- n steps of 1/50 s, each followed by a record
// Bodies are numbered in creation order; a destroyed body's number is not reused.
struct Box2DOp {
  std::string op;
  std::vector<double> args;
};

// Runs ops in a world with gravity (0, -10). After every step, appends x, y, angle, vx, vy, w (float32, as Box2D
// holds them) of every live body, in creation order. Throws std::invalid_argument for an unknown op, a wrong number
// of arguments, a bad type, a body number that is not live, or a body number, step count or iteration count that is
// not a whole number.
std::vector<float> run_box2d_script(const std::vector<Box2DOp>& ops);

}  // namespace boxwalk
