// Gaps: flat ground broken by pits. Task: (gap_width, gap_spacing) in world units: after the start pad, pits whose
// opening is gap_width wide (Gymnasium's pit walls, one STEP wide and four deep, on either side) follow each other
// with at least gap_spacing of flat grass between them (less than one STEP more: pits start on terrain points).
// A width below kMinGap means no pits. No draws: a task fixes the terrain.
#include <algorithm>
#include <cmath>

#include "constants.h"
#include "terrain/family.h"
#include "terrain/walk.h"

namespace boxwalk {
namespace {

constexpr double kMinGap = 0.05;

void generate_gaps(const TerrainContext&, const double* task, Pcg64&, TerrainGeometry& out) {
  using namespace gym;
  constexpr double STEP = TERRAIN_STEP, y = TERRAIN_HEIGHT;
  const double width = task[0], spacing = task[1];
  const double gap = 1.0 + width / STEP;            // left wall to right wall, in STEPs (as the obstacle course)
  const int dip = static_cast<int>(std::ceil(gap));  // points sunk under the opening
  out.clear();
  auto point = [&out](double px, double py) {
    out.ground_x.push_back(px);
    out.ground_y.push_back(py);
  };
  int i = 0, next_pit = TERRAIN_STARTPAD;
  while (i < TERRAIN_LENGTH) {
    if (i < next_pit || width < kMinGap || i + dip + 1 >= TERRAIN_LENGTH - TERRAIN_GRASS) {
      point(i * STEP, y);
      ++i;
      continue;
    }
    // The ground dips between the walls; its slanted ends stay inside them, and the point after the dip moves
    // left onto the right wall's outer edge so that x keeps increasing.
    const double x0 = i * STEP, right = x0 + gap * STEP + STEP;
    add_pit_walls(out.obstacles, x0, y, gap * STEP);
    point(x0, y);
    for (int k = 1; k <= dip; ++k) point((i + k) * STEP, y - 4 * STEP);
    point(right, y);
    i += dip + 2;
    // The next pit starts on the first terrain point at least `spacing` past this pit's right wall.
    next_pit = std::max(i, static_cast<int>(std::ceil((right + spacing) / STEP - 1e-9)));
  }
  out.finish_x = (TERRAIN_LENGTH - TERRAIN_GRASS) * STEP;
}

}  // namespace

TerrainFamily gaps_family() { return {"gaps", 2, generate_gaps}; }

}  // namespace boxwalk
