#include "grasp.h"

#include <algorithm>
#include <cfloat>

namespace boxwalk {
namespace {

// The reference's "still over it after the solver" test: the sensor's circle, grown by 0.01, against the
// axis-aligned box of the first fixture's vertices (an edge of the ceiling or a creeper box).
bool over(const b2Body& sensor, const b2Body& graspable) {
  const b2Shape* shape = graspable.GetFixtureList()->GetShape();  // pybox2d's fixtures[0]
  double lo_x = DBL_MAX, hi_x = -DBL_MAX, lo_y = DBL_MAX, hi_y = -DBL_MAX;
  auto extend = [&](const b2Vec2& v) {
    lo_x = std::min(lo_x, static_cast<double>(v.x));
    hi_x = std::max(hi_x, static_cast<double>(v.x));
    lo_y = std::min(lo_y, static_cast<double>(v.y));
    hi_y = std::max(hi_y, static_cast<double>(v.y));
  };
  if (shape->GetType() == b2Shape::e_edge) {
    const auto* edge = static_cast<const b2EdgeShape*>(shape);
    extend(edge->m_vertex1);
    extend(edge->m_vertex2);
  } else if (shape->GetType() == b2Shape::e_polygon) {
    const auto* polygon = static_cast<const b2PolygonShape*>(shape);
    for (int32 i = 0; i < polygon->m_count; ++i) extend(polygon->m_vertices[i]);
  } else {
    return false;
  }
  const double radius = static_cast<double>(sensor.GetFixtureList()->GetShape()->m_radius) + 0.01;
  const b2Vec2 c = sensor.GetWorldCenter();
  return c.x + radius > lo_x && c.x - radius < hi_x && c.y + radius > lo_y && c.y - radius < hi_y;
}

}  // namespace

void Grasp::attach(std::vector<b2Body*> sensors) {
  clear();
  for (b2Body* body : sensors) sensors_.push_back(Sensor{body});
}

void Grasp::clear() {
  sensors_.clear();
  first_contact_order_.clear();
}

int Grasp::sensor_index(const b2Body* body) const {
  for (std::size_t i = 0; i < sensors_.size(); ++i)
    if (sensors_[i].body == body) return static_cast<int>(i);
  return -1;
}

void Grasp::begin_contact(int sensor, b2Body* graspable) {
  if (std::find(first_contact_order_.begin(), first_contact_order_.end(), sensor) == first_contact_order_.end())
    first_contact_order_.push_back(sensor);
  Sensor& s = sensors_[static_cast<std::size_t>(sensor)];
  s.has_contact = true;
  s.touching.push_back(graspable);
}

void Grasp::end_contact(int sensor, b2Body* graspable) {
  Sensor& s = sensors_[static_cast<std::size_t>(sensor)];
  if (!s.has_contact) return;
  const auto it = std::find(s.touching.begin(), s.touching.end(), graspable);
  if (it != s.touching.end()) s.touching.erase(it);
  if (s.touching.empty()) s.has_contact = false;
}

void Grasp::before_step(const double* grasp_actions, b2World& world) {
  for (std::size_t i = 0; i < sensors_.size(); ++i) {
    Sensor& s = sensors_[i];
    s.ready = grasp_actions[i] > 0;
    if (!s.ready && s.joint != nullptr) {
      world.DestroyJoint(s.joint);
      s.joint = nullptr;
    }
  }
}

void Grasp::after_step(b2World& world) {
  for (const int index : first_contact_order_) {
    Sensor& s = sensors_[static_cast<std::size_t>(index)];
    if (s.touching.empty() || !s.ready || s.joint != nullptr) continue;
    b2Body* other = s.touching.front();
    if (over(*s.body, *other)) {
      b2RevoluteJointDef def;
      const b2Vec2 anchor = s.body->GetWorldCenter();
      def.bodyA = s.body;
      def.bodyB = other;
      def.localAnchorA = s.body->GetLocalPoint(anchor);
      def.localAnchorB = other->GetLocalPoint(anchor);
      def.referenceAngle = static_cast<float32>(static_cast<double>(other->GetAngle()) - s.body->GetAngle());
      s.joint = world.CreateJoint(&def);
    } else {
      s.touching.erase(s.touching.begin());
      if (s.touching.empty()) s.has_contact = false;
    }
  }
}

void Grasp::write_state(float* out) const {
  for (const Sensor& s : sensors_) {
    *out++ = s.has_contact ? 1.0f : 0.0f;
    *out++ = s.joint != nullptr ? 1.0f : 0.0f;
  }
}

}  // namespace boxwalk
