// Box2D world pieces shared by every env: static terrain bodies built from pure geometry, and the lidar.
#pragma once
#include <Box2D/Box2D.h>

#include <vector>

#include "geometry.h"

namespace boxwalk {

// Collision categories used by every body: terrain is category 1, walker parts 0x20 and collide only with terrain.
constexpr uint16 kTerrainCategory = 0x0001;
constexpr uint16 kWalkerCategory = 0x0020;

// The static bodies of one terrain, created and destroyed in Gymnasium's order (obstacles in generation order,
// then one edge body per ground segment; destruction in reverse creation order). Box2D recycles proxy ids and
// allocator blocks, so this order is part of bit-exactness.
class TerrainBodies {
 public:
  void create(b2World& world, const TerrainGeometry& geometry, float friction);
  void destroy(b2World& world);
  bool empty() const { return bodies_.empty(); }

 private:
  std::vector<b2Body*> bodies_;
};

// Closest-hit lidar (Gymnasium v3): rays from `origin` to origin + range * (sin(angle_i), -cos(angle_i)), ignoring
// fixtures whose category lacks bit 1. Writes one fraction per ray (1.0 = nothing hit).
void cast_lidar(b2World& world, const b2Vec2& origin, double range, const double* sines, const double* cosines,
                int n_rays, float* fractions);

}  // namespace boxwalk
