// The lidar: closest-hit rays against one terrain's static fixtures, answered from an x-sorted index of those
// fixtures instead of Box2D's broad-phase tree, with the same results bit for bit.
//
// Why the index gives Box2D's answer. b2World::RayCast visits fixtures in tree order (which depends on the world's
// history) and clips the ray at each reported hit; the lidar keeps the closest fraction (exact ties by a fixed
// surface precedence). For an edge, Box2D accepts a hit iff its fraction t (computed without the clip) is <= the
// current clip, so edges give min-of-t in any order. For a polygon the clip also seeds the running exit fraction,
// and in float arithmetic a test `numerator < clip * denominator` may then decide differently from the same test
// against 1 -- but only when the ray exits one face and enters another within a few ulps of the clip, i.e. when it
// grazes the polygon. polygon_ray() computes Box2D's polygon test with the same float operations and reports such
// grazes; a ray with one is answered by b2World::RayCast itself. Every other ray's answer is the order-independent
// minimum, the same as Box2D's in any tree order. Box2D's tree prunes only fixtures whose fattened AABB (0.1 margin)
// misses the clipped segment, which no fixture it would accept does; the index prunes the same way.
#pragma once
#include <Box2D/Box2D.h>

#include <vector>

namespace boxwalk {

struct LidarHit {
  float fraction;
  float surface;  // TeachMyAgent's code: -1 water, +1 creeper, 0 anything else (or nothing hit)
};

// Box2D's b2PolygonShape::RayCast for the segment p1 -> p2 with maxFraction 1, the same float operations in the same
// order. kGraze: a miss by a few ulps, where Box2D's answer with a clip below 1 could be a hit (see above).
enum class PolygonRay { kHit, kMiss, kGraze };
PolygonRay polygon_ray(const b2PolygonShape& polygon, const b2Transform& xf, const b2Vec2& p1, const b2Vec2& p2,
                       float32* fraction);

// The static fixtures of one terrain that rays see (category & mask != 0), by their broad-phase (fattened) AABBs.
class LidarIndex {
 public:
  void build(const std::vector<b2Body*>& bodies, uint16 mask);
  void clear();
  uint16 mask() const { return mask_; }
  // The closest hit on p1 -> p2 (fraction 1: nothing), or false when b2World::RayCast must answer (a graze, or a
  // shape the index does not handle).
  bool cast(const b2Vec2& p1, const b2Vec2& p2, LidarHit* hit) const;

 private:
  struct Entry {
    b2AABB aabb;
    b2Fixture* fixture;
  };
  std::vector<Entry> narrow_;  // sorted by aabb.lowerBound.x
  std::vector<Entry> wide_;    // wider than kWide (a water body spans the terrain): tested on every ray
  float max_narrow_width_ = 0.0f;
  bool handles_all_ = true;
  uint16 mask_ = 0;
};

// origin + range * (sine, -cosine) in float: where a lidar ray of that length ends.
b2Vec2 ray_end(const b2Vec2& origin, double range, double sine, double cosine);

// Rays from `origin` to origin + range * (sin(angle_i), -cos(angle_i)), seeing the fixtures whose category has a
// bit in common with the index's mask. Fraction 1.0 = nothing hit.
void cast_lidar(const b2World& world, const LidarIndex& index, const b2Vec2& origin, double range,
                const double* sines, const double* cosines, int n_rays, LidarHit* hits);

// One ray p1 -> p2 answered by b2World::RayCast alone, and the lidar's rays that way (tests compare the two).
LidarHit lidar_ray_tree(const b2World& world, const b2Vec2& p1, const b2Vec2& p2, uint16 mask);
void cast_lidar_tree(const b2World& world, const b2Vec2& origin, double range, const double* sines,
                     const double* cosines, int n_rays, uint16 mask, LidarHit* hits);

}  // namespace boxwalk
