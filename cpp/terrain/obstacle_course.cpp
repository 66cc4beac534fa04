// The POET / dcd obstacle course: Gymnasium's terrain state machine with interval-valued obstacles.
// Task (dcd's 8-D level vector): [ground_roughness, pit_gap a, pit_gap b, stump_height a, stump_height b,
// stair_height a, stair_height b, stair_steps]. Pairs are sorted into (lo, hi); a type is off when its hi is below
// its threshold (stumps 0.2, pits 0.8, stairs 0.2); stair_steps k gives 0..k-1 stairs per staircase. Fixed widths:
// stumps 1 STEP with no float, stairs 4 STEPs. Roughness multiplies the grass velocity (0 = flat).
//
// Draws come from the env's PCG64 stream in the reference order (the originals used RandomState); a stump too thin
// for Box2D is left out rather than retried with another seed.
#include <algorithm>
#include <cmath>

#include "constants.h"
#include "terrain/family.h"
#include "terrain/walk.h"

namespace boxwalk {
namespace {

using namespace gym;

enum State { GRASS = 0, STUMP, STAIRS, PIT };

struct Interval {
  double lo, hi;
};

Interval sorted(double a, double b) { return a <= b ? Interval{a, b} : Interval{b, a}; }

void generate_obstacle_course(const TerrainContext&, const double* task, Pcg64& rng, TerrainGeometry& out) {
  constexpr double STEP = TERRAIN_STEP;
  const double roughness = task[0];
  const Interval pit = sorted(task[1], task[2]);
  const Interval stump = sorted(task[3], task[4]);
  const Interval stair = sorted(task[5], task[6]);
  const int64_t stair_steps = static_cast<int64_t>(std::nearbyint(task[7]));  // Python round(): half to even

  // Enabled obstacle types, numbered 1..K-1 in the order stump, stairs, pit.
  State types[4] = {GRASS, GRASS, GRASS, GRASS};
  int64_t n_types = 1;
  if (stump.hi >= 0.2) types[n_types++] = STUMP;
  if (stair.hi >= 0.2) types[n_types++] = STAIRS;
  if (pit.hi >= 0.8) types[n_types++] = PIT;
  const bool any_obstacle = n_types > 1;

  out.clear();
  int state = GRASS;
  GrassWalk grass;
  double y = TERRAIN_HEIGHT;
  int64_t counter = TERRAIN_STARTPAD;
  bool oneshot = false;
  double original_y = 0.0, pit_shortfall = 0.0, stair_h = 0.0;
  int64_t stair_n = 0, stair_w = 0, stair_slope = 1;

  for (int i = 0; i < TERRAIN_LENGTH; ++i) {
    const double x = i * STEP;
    out.ground_x.push_back(x);
    if (state == GRASS && !oneshot) {
      y = grass.step(i, y, roughness, rng);
    } else if (state == PIT && oneshot) {
      const double gap = 1.0 + rng.uniform(pit.lo, pit.hi);
      add_pit_walls(out.obstacles, x, y, gap * STEP);
      counter = static_cast<int64_t>(std::ceil(gap)) + 2;
      pit_shortfall = std::ceil(gap) - gap;
      original_y = y;
    } else if (state == PIT && !oneshot) {
      y = original_y;
      if (counter > 1) y -= 4 * STEP;
      if (counter == 1) out.ground_x.back() -= pit_shortfall * STEP;
    } else if (state == STUMP && oneshot) {
      const int64_t width = rng.integers(1, 2);  // [1, 2) -> 1, no draw
      const double height = rng.uniform(stump.lo, stump.hi);
      const int64_t lift = rng.integers(0, 1);   // float [0, 1) -> 0, no draw
      const Vec2d quad[4] = {{x, y + lift * STEP},
                             {x + width * STEP, y + lift * STEP},
                             {x + width * STEP, y + (height + lift) * STEP},
                             {x, y + (height + lift) * STEP}};
      if (box2d_accepts_polygon(quad, 4)) out.obstacles.add(quad, 4);
    } else if (state == STAIRS && oneshot) {
      stair_h = rng.uniform(stair.lo, stair.hi);
      stair_slope = rng.random() > 0.5 ? 1 : -1;
      stair_w = rng.integers(4, 5);
      stair_n = stair_steps > 0 ? rng.integers(0, stair_steps) : 0;
      original_y = y;
      if (stair_h > 0.01)
        for (int64_t s = 0; s < stair_n; ++s) {
          const double left = x + s * stair_w * STEP, right = x + (s + 1) * stair_w * STEP;
          const double top = y + s * stair_h * stair_slope * STEP;
          const double bottom = y + (-stair_h + s * stair_h * stair_slope) * STEP;
          out.obstacles.add({{left, top}, {right, top}, {right, bottom}, {left, bottom}});
        }
      counter = stair_n * stair_w + 1;
    } else if (state == STAIRS && !oneshot) {
      const int64_t s = stair_n * stair_w - counter;
      const int64_t k = s >= 0 ? s / stair_w : -((-s + stair_w - 1) / stair_w);  // Python floor division
      y = original_y + k * stair_h * stair_slope * STEP - (stair_slope == -1 ? stair_h : 0.0) * STEP;
    }

    oneshot = false;
    out.ground_y.push_back(y);
    counter -= 1;
    if (counter == 0) {
      counter = next_grass_run(rng);
      state = (state == GRASS && any_obstacle) ? types[rng.integers(1, n_types)] : GRASS;
      oneshot = true;
    }
  }
  out.finish_x = (TERRAIN_LENGTH - TERRAIN_GRASS) * STEP;
}

}  // namespace

TerrainFamily obstacle_course_family() {
  TerrainFamily f{"obstacle_course", 8, generate_obstacle_course};
  f.camera_follows_y = true;
  return f;
}

}  // namespace boxwalk
