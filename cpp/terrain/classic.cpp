#include "terrain/classic.h"

#include "terrain/family.h"

#include "constants.h"
#include "terrain/walk.h"

namespace boxwalk {
namespace {

enum State : int64_t { GRASS = 0, STUMP = 1, STAIRS = 2, PIT = 3, N_STATES = 4 };

}  // namespace

void generate_classic_terrain(Pcg64& rng, bool hardcore, TerrainGeometry& out) {
  using namespace gym;
  constexpr double STEP = TERRAIN_STEP;
  out.clear();
  out.ground_x.reserve(TERRAIN_LENGTH);
  out.ground_y.reserve(TERRAIN_LENGTH);

  int64_t state = GRASS;
  GrassWalk grass;
  double y = TERRAIN_HEIGHT;
  int64_t counter = TERRAIN_STARTPAD;
  bool oneshot = false;
  int64_t stair_steps = 0, stair_width = 0, stair_height = 0;
  double original_y = 0.0;

  for (int i = 0; i < TERRAIN_LENGTH; ++i) {
    const double x = i * STEP;
    out.ground_x.push_back(x);

    if (state == GRASS && !oneshot) {
      y = grass.step(i, y, 1.0, rng);
    } else if (state == PIT && oneshot) {
      counter = rng.integers(3, 5);
      add_pit_walls(out.obstacles, x, y, STEP * counter);
      counter += 2;
      original_y = y;
    } else if (state == PIT && !oneshot) {
      y = original_y;
      if (counter > 1) y -= 4 * STEP;
    } else if (state == STUMP && oneshot) {
      counter = rng.integers(1, 3);
      const double size = counter * STEP;
      out.obstacles.add({{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}});
    } else if (state == STAIRS && oneshot) {
      stair_height = rng.random() > 0.5 ? +1 : -1;
      stair_width = rng.integers(4, 5);
      stair_steps = rng.integers(3, 5);
      original_y = y;
      for (int64_t s = 0; s < stair_steps; ++s) {
        const double left = x + (s * stair_width) * STEP;
        const double right = x + ((1 + s) * stair_width) * STEP;
        const double top = y + (s * stair_height) * STEP;
        const double bottom = y + (-1 + s * stair_height) * STEP;
        out.obstacles.add({{left, top}, {right, top}, {right, bottom}, {left, bottom}});
      }
      counter = stair_steps * stair_width;
    } else if (state == STAIRS && !oneshot) {
      const int64_t s = stair_steps * stair_width - counter - stair_height;
      const double n = static_cast<double>(s) / static_cast<double>(stair_width);
      y = original_y + (n * stair_height) * STEP;
    }

    oneshot = false;
    out.ground_y.push_back(y);
    counter -= 1;
    if (counter == 0) {
      counter = next_grass_run(rng);
      state = (state == GRASS && hardcore) ? rng.integers(1, N_STATES) : GRASS;
      oneshot = true;
    }
  }
  out.finish_x = (TERRAIN_LENGTH - TERRAIN_GRASS) * STEP;
}

namespace {

void generate_classic(const TerrainContext& context, const double*, Pcg64& rng, TerrainGeometry& out) {
  generate_classic_terrain(rng, context.hardcore, out);
}

}  // namespace

// Gymnasium's BipedalWalker(-Hardcore)-v3, bit for bit: its one walker, one world reused across episodes.
TerrainFamily classic_family() {
  TerrainFamily f{"classic", 0, generate_classic};
  f.bodies = BodyRule::kGymnasiumWalker;
  f.reuse_world = true;
  f.takes_hardcore = true;
  f.time_limit = 1600;
  f.hardcore_time_limit = 2000;
  return f;
}

}  // namespace boxwalk
