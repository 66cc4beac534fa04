#include "terrain/family.h"

#include <stdexcept>

namespace boxwalk {

const std::vector<TerrainFamily>& terrain_families() {
  static const std::vector<TerrainFamily> families = {
      {"classic", 0, generate_classic},
      {"stump_tracks", 2, generate_stump_tracks},
      {"hexagon_tracks", 12, generate_hexagon_tracks},
      {"obstacle_course", 8, generate_obstacle_course, true},
      {"heightfield", kHeightfieldPoints, generate_heightfield},
      {"parkour", 8, generate_parkour, true},
  };
  return families;
}

const TerrainFamily& terrain_family(const std::string& name) {
  std::string names;
  for (const TerrainFamily& f : terrain_families()) {
    if (f.name == name) return f;
    names += (names.empty() ? "" : ", ") + f.name;
  }
  throw std::invalid_argument("unknown terrain family '" + name + "'; valid: " + names);
}

}  // namespace boxwalk
