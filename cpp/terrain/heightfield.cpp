// A user-given altitude profile (Enhanced POET style): task = 200 heights in world units, one per terrain point.
// Points 0..21 stay at the start height; point i > 21 is at TERRAIN_HEIGHT + h[i] - h[21], so the profile joins the
// pad continuously. No obstacles and no draws besides the clouds and spawn force.
#include "constants.h"
#include "terrain/family.h"

namespace boxwalk {
namespace {

void generate_heightfield(const TerrainContext&, const double* task, Pcg64&, TerrainGeometry& out) {
  using namespace gym;
  constexpr int kJoin = TERRAIN_STARTPAD + 1;
  out.clear();
  for (int i = 0; i < kHeightfieldPoints; ++i) {
    out.ground_x.push_back(i * TERRAIN_STEP);
    out.ground_y.push_back(i <= kJoin ? TERRAIN_HEIGHT : TERRAIN_HEIGHT + task[i] - task[kJoin]);
  }
  out.finish_x = (TERRAIN_LENGTH - TERRAIN_GRASS) * TERRAIN_STEP;
}

}  // namespace

TerrainFamily heightfield_family() { return {"heightfield", kHeightfieldPoints, generate_heightfield}; }

}  // namespace boxwalk
