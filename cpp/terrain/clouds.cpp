#include "terrain/clouds.h"

#include <cmath>

#include "constants.h"

namespace boxwalk {

void generate_clouds(Pcg64& rng, PolygonList& out) {
  using namespace gym;
  out.clear();
  for (int c = 0; c < TERRAIN_LENGTH / 20; ++c) {
    const double x = rng.uniform(0, TERRAIN_LENGTH) * TERRAIN_STEP;
    const double y = VIEWPORT_H / SCALE * 3 / 4;
    Vec2d p[5];
    for (int a = 0; a < 5; ++a) {
      p[a].x = x + 15 * TERRAIN_STEP * std::sin(3.14 * 2 * a / 5) + rng.uniform(0, 5 * TERRAIN_STEP);
      p[a].y = y + 5 * TERRAIN_STEP * std::cos(3.14 * 2 * a / 5) + rng.uniform(0, 5 * TERRAIN_STEP);
    }
    out.add({p[0], p[1], p[2], p[3], p[4]});
  }
}

}  // namespace boxwalk
