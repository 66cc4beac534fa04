// Box2D world pieces shared by every env: static terrain bodies built from pure geometry (and their lidar index).
#pragma once
#include <Box2D/Box2D.h>

#include <cstdint>
#include <vector>

#include "geometry.h"
#include "lidar.h"

namespace boxwalk {

// Collision categories used by every body: terrain is category 1, walker parts 0x20 and collide only with terrain.
constexpr uint16 kTerrainCategory = 0x0001;
constexpr uint16 kWalkerCategory = 0x0020;

// What a terrain fixture is, stored in its userData (the lidar's surface code and the contact rules read it).
// The ceiling is solid, but climbers may grasp it and touch it with their critical parts.
enum class Surface : std::uintptr_t { Solid = 0, Creeper = 1, Water = 2, Ceiling = 3 };
inline Surface surface_of(const b2Fixture* f) {
  return static_cast<Surface>(reinterpret_cast<std::uintptr_t>(f->GetUserData()));
}

// The static bodies of one terrain, created and destroyed in Gymnasium's order (obstacles in generation order,
// then one edge body per ground segment; destruction in reverse creation order). Box2D recycles proxy ids and
// allocator blocks, so this order is part of bit-exactness. Ceiling edges, creepers (sensors) and water (a sensor)
// follow, for the families that have them.
class TerrainBodies {
 public:
  void create(b2World& world, const TerrainGeometry& geometry, float friction);
  void destroy(b2World& world);
  bool empty() const { return bodies_.empty(); }
  // What the lidar sees of these bodies (built with them).
  const LidarIndex& lidar_index() const { return lidar_index_; }

 private:
  b2Body* add_polygon(b2World& world, const Vec2d* v, std::size_t n, b2FixtureDef& fixture);
  void prefetch_for_destroy(const b2World& world) const;
  std::vector<b2Body*> bodies_;
  LidarIndex lidar_index_;
};

}  // namespace boxwalk
