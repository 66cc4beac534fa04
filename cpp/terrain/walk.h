// Pieces of Gymnasium's terrain state machine that its descendants (the classic, obstacle-course and gaps terrains)
// share, written once so that every family takes the same draws in the same order.
#pragma once
#include "constants.h"
#include "geometry.h"
#include "rng.h"

namespace boxwalk {

// The grass random walk: the velocity is pulled back toward TERRAIN_HEIGHT, with uniform noise after the start pad;
// y moves by roughness * velocity (roughness 1: Gymnasium's walk, bit for bit, since 1.0 * v == v).
struct GrassWalk {
  double velocity = 0.0;
  double step(int i, double y, double roughness, Pcg64& rng) {
    using namespace gym;
    velocity = 0.8 * velocity + 0.01 * sign(TERRAIN_HEIGHT - y);
    if (i > TERRAIN_STARTPAD) velocity += rng.uniform(-1, 1) / SCALE;
    return y + roughness * velocity;
  }
};

// The two walls of a pit whose left wall starts at x on ground level y: one STEP wide, four deep, `shift` apart.
inline void add_pit_walls(PolygonList& obstacles, double x, double y, double shift) {
  constexpr double STEP = gym::TERRAIN_STEP;
  obstacles.add({{x, y}, {x + STEP, y}, {x + STEP, y - 4 * STEP}, {x, y - 4 * STEP}});
  obstacles.add({{x + shift, y}, {x + STEP + shift, y}, {x + STEP + shift, y - 4 * STEP}, {x + shift, y - 4 * STEP}});
}

// The length (in terrain points) of the grass run that follows an obstacle.
inline int64_t next_grass_run(Pcg64& rng) { return rng.integers(gym::TERRAIN_GRASS / 2, gym::TERRAIN_GRASS); }

}  // namespace boxwalk
