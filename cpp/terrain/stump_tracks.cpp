// teachDeepRL's parametric track (also TeachMyAgent's Stump Tracks): flat grass gaps of `obstacle_spacing` world
// units between obstacles, starting after a 20-step pad. Stump Tracks task: (stump_height mu, obstacle_spacing);
// each stump is STEP wide and max(0.05, N(mu, 0.1)) STEPs tall. Hexagon Tracks task: 12 offsets (six (dx, dy)
// pairs) added with N(., 0.1) noise to a default hexagon; the spacing is then the default 8.
//
// Differences from the originals: draws come from the env's seeded PCG64 stream (the hexagon noise used the
// unseeded global numpy RNG there), and a hexagon whose convex hull Box2D would reject is dropped instead of
// crashing the run.
#include <algorithm>

#include "constants.h"
#include "terrain/family.h"

namespace boxwalk {
namespace {

using namespace gym;

constexpr double kDefaultSpacing = 8.0;
constexpr double kHexagonBase[6][2] = {{-0.5, 0}, {-0.5, 0.25}, {-0.25, 0.5}, {0.25, 0.5}, {0.5, 0.25}, {0.5, 0}};

enum class Obstacle { Stump, Hexagon };

void generate_track(Obstacle obstacle, double stump_height, double spacing, const double* poly_shape, Pcg64& rng,
                    TerrainGeometry& out) {
  constexpr double STEP = TERRAIN_STEP;
  constexpr double roughness = 0.0;
  out.clear();
  // One obstacle type enabled: the reference's first state draw is randint(1, 2), which consumes nothing.
  out.ground_x.push_back(0.0);
  out.ground_y.push_back(TERRAIN_HEIGHT);
  double x = TERRAIN_STARTPAD * STEP;
  double y = TERRAIN_HEIGHT;
  double velocity = 0.0;
  bool grass = false;  // the track starts with an obstacle at the end of the pad
  out.ground_x.push_back(x);
  out.ground_y.push_back(y);
  while (x < TERRAIN_LENGTH * STEP) {
    out.ground_x.push_back(x);
    if (grass) {
      velocity = 0.8 * velocity + 0.01 * sign(TERRAIN_HEIGHT - y);
      if (x > TERRAIN_STARTPAD * STEP) velocity += rng.uniform(-roughness, roughness) / SCALE;
      y += velocity;
      x += spacing;
    } else if (obstacle == Obstacle::Stump) {
      const double h = std::max(0.05, rng.normal(stump_height, 0.1));
      const double w = STEP;
      out.obstacles.add({{x, y}, {x + w, y}, {x + w, y + h * STEP}, {x, y + h * STEP}});
      x += w;
    } else {
      Vec2d hexagon[6];
      for (int j = 0; j < 6; ++j) {
        const double dx = rng.normal(poly_shape[2 * j], 0.1);
        const double dy = rng.normal(poly_shape[2 * j + 1], 0.1);
        hexagon[j].x = x + (kHexagonBase[j][0] + dx) * STEP;
        hexagon[j].y = (j == 0 || j == 5) ? y : y + (kHexagonBase[j][1] + dy) * STEP;
      }
      if (box2d_accepts_polygon(hexagon, 6)) out.obstacles.add(hexagon, 6);
      x += 1.0;
    }
    out.ground_y.push_back(y);
    grass = !grass;
  }
  out.finish_x = (TERRAIN_LENGTH - TERRAIN_GRASS) * STEP;
}

void generate_stump_tracks(const TerrainContext&, const double* task, Pcg64& rng, TerrainGeometry& out) {
  generate_track(Obstacle::Stump, task[0], std::max(0.01, task[1]), nullptr, rng, out);
}

void generate_hexagon_tracks(const TerrainContext&, const double* task, Pcg64& rng, TerrainGeometry& out) {
  generate_track(Obstacle::Hexagon, 0.0, kDefaultSpacing, task, rng, out);
}

}  // namespace

TerrainFamily stump_tracks_family() { return {"stump_tracks", 2, generate_stump_tracks}; }
TerrainFamily hexagon_tracks_family() { return {"hexagon_tracks", 12, generate_hexagon_tracks}; }

}  // namespace boxwalk
