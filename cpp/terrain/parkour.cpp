// TeachMyAgent's Parkour track: CPPN ground and ceiling after a 20-step flat pad, graspable creepers hanging from the
// ceiling, and a water level. Task: [v1, v2, v3 (CPPN input), water_level, creepers_width, creepers_height,
// creepers_spacing, terrain_cppn_scale]. Creepers exist even for zero width/height (0.2 floors), as in the
// reference; their heights are the only draws (one normal each, in segment order).
#include <algorithm>
#include <cmath>

#include "constants.h"
#include "terrain/family.h"

namespace boxwalk {
namespace {

void generate_parkour(const TerrainContext& context, const double* task, Pcg64& rng, TerrainGeometry& out) {
  using namespace gym;
  constexpr double STEP = TERRAIN_STEP;
  constexpr int kPoints = CppnWeights::kPoints;
  const double scale = task[7];
  const double ceiling_offset = 200 / scale;
  const double ceiling_clip_offset = 0 / scale;
  const double ground_limit = -1000 / scale;
  const double water_level = std::max(0.01, task[3]);
  const double creepers_width = task[4], creepers_height = task[5];
  const double creepers_spacing = std::max(0.01, task[6]);

  double ground[kPoints], ceiling[kPoints];
  cppn_curves(*context.cppn, task, scale, ground, ceiling);
  const double g0 = ground[0], c0 = ceiling[0];
  for (int k = 0; k < kPoints; ++k) {
    ground[k] = ground[k] - g0 + TERRAIN_HEIGHT;
    ceiling[k] = ceiling[k] - c0 + TERRAIN_HEIGHT + ceiling_offset;
  }

  out.clear();
  // x by repeated addition (not i * STEP), as the reference builds it.
  for (double x = 0.0; x < (TERRAIN_LENGTH + TERRAIN_STARTPAD) * STEP; x += STEP) {
    const int p = static_cast<int>(out.ground_x.size());
    out.ground_x.push_back(x);
    if (p < TERRAIN_STARTPAD) {
      out.ground_y.push_back(TERRAIN_HEIGHT);
      out.ceiling_y.push_back(TERRAIN_HEIGHT + ceiling_offset);
    } else {
      const int k = std::min(p - TERRAIN_STARTPAD, kPoints - 1);
      out.ground_y.push_back(ground[k]);
      out.ceiling_y.push_back(std::max(ceiling[k], ground[k] + ceiling_clip_offset));
    }
  }

  const std::size_t last = out.ground_x.size() - 1;
  double counter = creepers_spacing;
  for (std::size_t i = 0; i < last; ++i) {
    if (counter >= creepers_spacing) {
      const double height = std::max(0.2, rng.normal(creepers_height, 0.1));
      const double width = std::max(0.2, creepers_width);
      const std::size_t k = static_cast<std::size_t>(std::max(1.0, std::floor(width / STEP)));
      const double top = std::max(out.ceiling_y[i], out.ceiling_y[std::min(i + k, last)]);
      const double x = out.ground_x[i];
      out.creepers.add({{x, top - height}, {x + width, top - height}, {x + width, top}, {x, top}});
      counter = 0.0;
    } else {
      counter += out.ground_x[i] - out.ground_x[i - 1];
    }
  }

  const double highest = *std::max_element(out.ceiling_y.begin(), out.ceiling_y.end());
  out.has_water = true;
  out.water_floor = ground_limit;
  out.water_y = ground_limit + water_level * (highest - ground_limit);
  out.finish_x = (TERRAIN_LENGTH + TERRAIN_STARTPAD - 5) * STEP;
}

}  // namespace

// TeachMyAgent's Parkour: every body, its own observation (water and death flags, lidar surface codes), hulls may
// touch the ground, death after too long in the wrong medium.
TerrainFamily parkour_family() {
  TerrainFamily f{"parkour", 8, generate_parkour};
  f.observation = ObservationLayout::kParkour;
  f.bodies = BodyRule::kAny;
  f.needs_cppn = true;
  f.head_contact_critical = false;
  f.survival_limit = true;
  f.camera_follows_y = true;
  return f;
}

}  // namespace boxwalk
