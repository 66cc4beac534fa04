#include "world.h"

namespace boxwalk {

void TerrainBodies::create(b2World& world, const TerrainGeometry& geometry, float friction) {
  b2BodyDef static_def;  // static, at the origin
  b2FixtureDef fixture;
  fixture.friction = friction;

  b2PolygonShape polygon;
  b2Vec2 vertices[b2_maxPolygonVertices];
  for (std::size_t i = 0; i < geometry.obstacles.size(); ++i) {
    const Vec2d* v = geometry.obstacles.begin_of(i);
    const std::size_t n = geometry.obstacles.count_of(i);
    for (std::size_t k = 0; k < n; ++k) vertices[k].Set(static_cast<float32>(v[k].x), static_cast<float32>(v[k].y));
    polygon.Set(vertices, static_cast<int32>(n));
    fixture.shape = &polygon;
    b2Body* body = world.CreateBody(&static_def);
    body->CreateFixture(&fixture);
    bodies_.push_back(body);
  }

  b2EdgeShape edge;
  fixture.shape = &edge;
  fixture.filter.categoryBits = kTerrainCategory;
  const std::size_t n_points = geometry.ground_x.size();
  for (std::size_t i = 0; i + 1 < n_points; ++i) {
    edge.Set(b2Vec2(static_cast<float32>(geometry.ground_x[i]), static_cast<float32>(geometry.ground_y[i])),
             b2Vec2(static_cast<float32>(geometry.ground_x[i + 1]), static_cast<float32>(geometry.ground_y[i + 1])));
    b2Body* body = world.CreateBody(&static_def);
    body->CreateFixture(&fixture);
    bodies_.push_back(body);
  }
}

void TerrainBodies::destroy(b2World& world) {
  for (auto it = bodies_.rbegin(); it != bodies_.rend(); ++it) world.DestroyBody(*it);
  bodies_.clear();
}

namespace {

class ClosestHitCallback final : public b2RayCastCallback {
 public:
  float32 fraction = 1.0f;
  float32 ReportFixture(b2Fixture* fixture, const b2Vec2&, const b2Vec2&, float32 f) override {
    if ((fixture->GetFilterData().categoryBits & kTerrainCategory) == 0) return -1;
    fraction = f;
    return f;
  }
};

}  // namespace

void cast_lidar(b2World& world, const b2Vec2& origin, double range, const double* sines, const double* cosines,
                int n_rays, float* fractions) {
  for (int i = 0; i < n_rays; ++i) {
    ClosestHitCallback callback;
    const b2Vec2 target(static_cast<float32>(origin.x + sines[i] * range),
                        static_cast<float32>(origin.y - cosines[i] * range));
    world.RayCast(&callback, origin, target);
    fractions[i] = callback.fraction;
  }
}

}  // namespace boxwalk
