#include "lidar.h"

#include <algorithm>

#include "world.h"

namespace boxwalk {

namespace {

// A miss whose entry and exit fractions are this close (relative) may be a hit for Box2D with a clip below 1. The
// float tests can disagree only within ~2 ulps (2.4e-7 relative); this leaves a margin of ~40.
constexpr float32 kGrazeTolerance = 1e-5f;
// Fixtures wider than this (metres) are tested on every ray instead of through the x-sorted list.
constexpr float32 kWide = 2.0f;

int precedence(Surface s) {
  return s == Surface::Solid || s == Surface::Ceiling ? 2 : (s == Surface::Creeper ? 1 : 0);
}

// The closest hit so far. Box2D reports fixtures in broad-phase tree order, which depends on the world's history;
// the closest fraction does not, and the surface of two fixtures hit at exactly the same fraction (a creeper's top
// on the ceiling) must not either, so exact ties go to a fixed precedence: solid, then creeper, then water.
class ClosestHit {
 public:
  // A hit at a fraction no larger than clip().
  void offer(const b2Fixture* fixture, float32 f) {
    const Surface s = surface_of(fixture);
    if (!any_ || f < hit_.fraction || (f == hit_.fraction && precedence(s) > precedence(surface_))) {
      hit_.surface = s == Surface::Water ? -1.0f : (s == Surface::Creeper ? 1.0f : 0.0f);
      surface_ = s;
    }
    any_ = true;
    hit_.fraction = f;
  }
  float32 clip() const { return hit_.fraction; }
  LidarHit hit() const { return hit_; }

 private:
  LidarHit hit_{1.0f, 0.0f};
  bool any_ = false;
  Surface surface_ = Surface::Solid;
};

class TreeCallback final : public b2RayCastCallback {
 public:
  explicit TreeCallback(uint16 mask) : mask_(mask) {}
  float32 ReportFixture(b2Fixture* fixture, const b2Vec2&, const b2Vec2&, float32 f) override {
    if ((fixture->GetFilterData().categoryBits & mask_) == 0) return -1;
    closest.offer(fixture, f);
    return f;
  }
  ClosestHit closest;

 private:
  uint16 mask_;
};

}  // namespace

b2Vec2 ray_end(const b2Vec2& origin, double range, double sine, double cosine) {
  return b2Vec2(static_cast<float32>(origin.x + sine * range), static_cast<float32>(origin.y - cosine * range));
}

LidarHit lidar_ray_tree(const b2World& world, const b2Vec2& p1, const b2Vec2& p2, uint16 mask) {
  TreeCallback callback(mask);
  world.RayCast(&callback, p1, p2);
  return callback.closest.hit();
}

PolygonRay polygon_ray(const b2PolygonShape& polygon, const b2Transform& xf, const b2Vec2& p1, const b2Vec2& p2,
                       float32* fraction) {
  const b2Vec2 local1 = b2MulT(xf.q, p1 - xf.p);
  const b2Vec2 local2 = b2MulT(xf.q, p2 - xf.p);
  const b2Vec2 d = local2 - local1;
  float32 enter = 0.0f, exit = 1.0f;
  bool entered = false;
  for (int32 i = 0; i < polygon.m_count; ++i) {
    // The ray enters face i's inner half-plane where dot(normal, p - vertex) turns negative, at num / den.
    const float32 num = b2Dot(polygon.m_normals[i], polygon.m_vertices[i] - local1);
    const float32 den = b2Dot(polygon.m_normals[i], d);
    if (den == 0.0f) {
      if (num < 0.0f) return PolygonRay::kMiss;  // parallel to the face, outside it
    } else if (den < 0.0f && num < enter * den) {
      enter = num / den;
      entered = true;
    } else if (den > 0.0f && num < exit * den) {
      exit = num / den;
    }
    if (exit < enter) return enter - exit <= kGrazeTolerance * enter ? PolygonRay::kGraze : PolygonRay::kMiss;
  }
  if (!entered) return PolygonRay::kMiss;  // starts inside: Box2D reports no hit
  *fraction = enter;
  return PolygonRay::kHit;
}

void LidarIndex::clear() {
  narrow_.clear();
  wide_.clear();
  max_narrow_width_ = 0.0f;
  handles_all_ = true;
}

void LidarIndex::build(const std::vector<b2Body*>& bodies, uint16 mask) {
  clear();
  mask_ = mask;
  for (b2Body* body : bodies) {
    for (b2Fixture* f = body->GetFixtureList(); f != nullptr; f = f->GetNext()) {
      if ((f->GetFilterData().categoryBits & mask) == 0) continue;
      if (f->GetType() != b2Shape::e_edge && f->GetType() != b2Shape::e_polygon) {
        handles_all_ = false;  // every ray goes to b2World::RayCast
        continue;
      }
      const Entry entry{f->GetAABB(0), f};  // the broad phase's fattened AABB
      const float32 width = entry.aabb.upperBound.x - entry.aabb.lowerBound.x;
      if (width > kWide) {
        wide_.push_back(entry);
      } else {
        narrow_.push_back(entry);
        max_narrow_width_ = std::max(max_narrow_width_, width);
      }
    }
  }
  std::sort(narrow_.begin(), narrow_.end(),
            [](const Entry& a, const Entry& b) { return a.aabb.lowerBound.x < b.aabb.lowerBound.x; });
}

bool LidarIndex::cast(const b2Vec2& p1, const b2Vec2& p2, LidarHit* hit) const {
  if (!handles_all_) return false;
  const b2Vec2 lo = b2Min(p1, p2), hi = b2Max(p1, p2);
  ClosestHit closest;
  bool graze = false;
  auto test = [&](const Entry& e) {
    if (e.aabb.upperBound.x < lo.x || e.aabb.lowerBound.x > hi.x || e.aabb.upperBound.y < lo.y ||
        e.aabb.lowerBound.y > hi.y)
      return;
    const b2Fixture* f = e.fixture;
    const b2Transform& xf = f->GetBody()->GetTransform();
    float32 t;
    if (f->GetType() == b2Shape::e_edge) {
      b2RayCastInput input;
      input.p1 = p1;
      input.p2 = p2;
      input.maxFraction = 1.0f;
      b2RayCastOutput output;
      if (!static_cast<const b2EdgeShape*>(f->GetShape())->b2EdgeShape::RayCast(&output, input, xf, 0)) return;
      t = output.fraction;
    } else {
      const PolygonRay r = polygon_ray(*static_cast<const b2PolygonShape*>(f->GetShape()), xf, p1, p2, &t);
      graze |= r == PolygonRay::kGraze;
      if (r != PolygonRay::kHit) return;
    }
    if (t <= closest.clip()) closest.offer(f, t);  // what Box2D's clip at the closest hit so far lets through
  };

  // Narrow fixtures that can overlap the ray in x, left to right. Going right, a fixture whose fattened AABB starts
  // beyond the point at the current closest fraction can only be hit farther (the 0.1 margin dwarfs rounding).
  const double dx = static_cast<double>(p2.x) - p1.x;
  auto it = std::lower_bound(narrow_.begin(), narrow_.end(), lo.x - max_narrow_width_,
                             [](const Entry& e, float32 x) { return e.aabb.lowerBound.x < x; });
  for (; it != narrow_.end() && it->aabb.lowerBound.x <= hi.x; ++it) {
    if (dx > 0 && it->aabb.lowerBound.x > p1.x + closest.clip() * dx) break;
    test(*it);
  }
  for (const Entry& e : wide_) test(e);
  if (graze) return false;
  *hit = closest.hit();
  return true;
}

void cast_lidar(const b2World& world, const LidarIndex& index, const b2Vec2& origin, double range,
                const double* sines, const double* cosines, int n_rays, LidarHit* hits) {
  for (int i = 0; i < n_rays; ++i) {
    const b2Vec2 target = ray_end(origin, range, sines[i], cosines[i]);
    if (!index.cast(origin, target, &hits[i])) hits[i] = lidar_ray_tree(world, origin, target, index.mask());
  }
}

void cast_lidar_tree(const b2World& world, const b2Vec2& origin, double range, const double* sines,
                     const double* cosines, int n_rays, uint16 mask, LidarHit* hits) {
  for (int i = 0; i < n_rays; ++i)
    hits[i] = lidar_ray_tree(world, origin, ray_end(origin, range, sines[i], cosines[i]), mask);
}

}  // namespace boxwalk
