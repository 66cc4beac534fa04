#include "water.h"

#include <algorithm>

namespace boxwalk {
namespace {

// The reference runs this in Python on pybox2d vectors: b2Vec2 arithmetic is float32, Python scalars are doubles,
// and a double times a b2Vec2 is rounded to float32 first. The expressions below keep those types.
constexpr double kDragMod = 0.25, kLiftMod = 0.25, kPushMod = 0.05;
constexpr double kMaxDrag = 2000.0, kMaxLift = 500.0;
constexpr float32 kPushInvDt = 60.0f;  // the reference evaluates motor torques at 60 Hz (the world steps at 50)

b2Vec2 scaled(double s, const b2Vec2& v) { return static_cast<float32>(s) * v; }

// Sutherland-Hodgman's "inside": p is left of the directed clip edge cp1 -> cp2 (in doubles).
bool inside(const b2Vec2& cp1, const b2Vec2& cp2, const b2Vec2& p) {
  return (static_cast<double>(cp2.x) - cp1.x) * (static_cast<double>(p.y) - cp1.y) >
         (static_cast<double>(cp2.y) - cp1.y) * (static_cast<double>(p.x) - cp1.x);
}

b2Vec2 intersection(const b2Vec2& cp1, const b2Vec2& cp2, const b2Vec2& s, const b2Vec2& e) {
  const b2Vec2 dc(cp1.x - cp2.x, cp1.y - cp2.y);
  const b2Vec2 dp(s.x - e.x, s.y - e.y);
  const double n1 = static_cast<double>(cp1.x) * cp2.y - static_cast<double>(cp1.y) * cp2.x;
  const double n2 = static_cast<double>(s.x) * e.y - static_cast<double>(s.y) * e.x;
  const double n3 = 1.0 / (static_cast<double>(dc.x) * dp.y - static_cast<double>(dc.y) * dp.x);
  return b2Vec2(static_cast<float32>((n1 * dp.x - n2 * dc.x) * n3), static_cast<float32>((n1 * dp.y - n2 * dc.y) * n3));
}

// Clips the water polygon (subject) by the part's polygon (clip), both in world coordinates.
void clip(const b2Fixture& water, const b2Fixture& part, std::vector<b2Vec2>& out, std::vector<b2Vec2>& input) {
  const auto& subject = *static_cast<const b2PolygonShape*>(water.GetShape());
  const auto& clipper = *static_cast<const b2PolygonShape*>(part.GetShape());
  out.clear();
  for (int32 i = 0; i < subject.m_count; ++i) out.push_back(water.GetBody()->GetWorldPoint(subject.m_vertices[i]));
  const b2Body* body = part.GetBody();
  b2Vec2 cp1 = body->GetWorldPoint(clipper.m_vertices[clipper.m_count - 1]);
  for (int32 j = 0; j < clipper.m_count && !out.empty(); ++j) {
    const b2Vec2 cp2 = body->GetWorldPoint(clipper.m_vertices[j]);
    input.swap(out);
    out.clear();
    b2Vec2 s = input.back();
    for (const b2Vec2& e : input) {
      if (inside(cp1, cp2, e)) {
        if (!inside(cp1, cp2, s)) out.push_back(intersection(cp1, cp2, s, e));
        out.push_back(e);
      } else if (inside(cp1, cp2, s)) {
        out.push_back(intersection(cp1, cp2, s, e));
      }
      s = e;
    }
    cp1 = cp2;
  }
}

// Area-weighted centroid of the fan from the origin; area 0 (and an unscaled centroid) when degenerate.
void centroid(const std::vector<b2Vec2>& v, b2Vec2& c, double& area) {
  c.SetZero();
  area = 0.0;
  const b2Vec2 origin(0.0f, 0.0f);
  constexpr double inv3 = 1.0 / 3.0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const b2Vec2& p2 = v[i];
    const b2Vec2& p3 = v[i + 1 < v.size() ? i + 1 : 0];
    const double triangle_area = 0.5 * static_cast<double>(b2Cross(p2 - origin, p3 - origin));
    area += triangle_area;
    c += scaled(triangle_area * inv3, origin + p2 + p3);
  }
  if (area > b2_epsilon) {
    c *= static_cast<float32>(1.0 / area);
  } else {
    area = 0.0;
  }
}

// The reference's push: a joint turning this part (its bodyB) inside its limits pushes the water away from the
// edge's outward normal, with a magnitude from the motor torque and the part's angular momentum.
void push(b2Body* body, const b2Vec2& normal, double edge_length, double density) {
  for (b2JointEdge* je = body->GetJointList(); je != nullptr; je = je->next) {
    if (je->joint->GetBodyB() != body || je->joint->GetType() != e_revoluteJoint) continue;
    auto* joint = static_cast<b2RevoluteJoint*>(je->joint);
    const float32 angle = joint->GetJointAngle();
    if (!(joint->GetLowerLimit() < angle && angle < joint->GetUpperLimit())) continue;
    const float32 torque = joint->GetMotorTorque(kPushInvDt);
    const double angular_momentum = static_cast<double>(body->GetInertia()) * body->GetAngularVelocity();
    const b2Vec2 lever = body->GetWorldCenter() - joint->GetAnchorB();
    const b2Vec2 force_at_center = b2Cross(lever, -torque);
    const float32 push_dot = b2Dot(normal, force_at_center);
    if (push_dot <= 0) continue;
    const double speed = torque + angular_momentum;
    const double magnitude = push_dot * kPushMod * edge_length * density * speed * speed;
    const b2Vec2 raw = scaled(magnitude, -force_at_center);
    const b2Vec2 force(static_cast<float32>(std::clamp(static_cast<double>(raw.x), -Water::kMaxPush, Water::kMaxPush)),
                       static_cast<float32>(std::clamp(static_cast<double>(raw.y), -Water::kMaxPush, Water::kMaxPush)));
    body->ApplyForce(force, joint->GetAnchorB(), true);
  }
}

}  // namespace

void Water::begin_contact(b2Fixture* water, b2Fixture* part) { pairs_.push_back({water, part}); }

void Water::end_contact(b2Fixture* water, b2Fixture* part) {
  const auto it =
      std::find_if(pairs_.begin(), pairs_.end(), [&](const Pair& p) { return p.water == water && p.part == part; });
  if (it != pairs_.end()) pairs_.erase(it);
}

double Water::submerged_area(const b2Body* body) const {
  double area = 0.0;
  for (const Pair& p : pairs_)
    if (p.part->GetBody() == body) area += p.submerged_area;
  return area;
}

void Water::apply_forces(const b2Vec2& gravity) {
  for (Pair& pair : pairs_) {
    pair.submerged_area = 0.0;
    // Every water pair is polygon against polygon: body parts with circles are sensors (grasp points), never here.
    if (pair.part->GetType() != b2Shape::e_polygon) continue;
    clip(*pair.water, *pair.part, clipped_, input_);
    if (clipped_.size() < 3) continue;
    b2Vec2 center;
    double area;
    centroid(clipped_, center, area);
    pair.submerged_area = area;
    const double density = pair.water->GetDensity();
    b2Body* body = pair.part->GetBody();
    const b2Body* water_body = pair.water->GetBody();
    body->ApplyForce(scaled(density * area, -gravity), center, true);  // buoyancy

    const std::size_t n = clipped_.size();
    for (std::size_t i = 0; i < n; ++i) {
      const b2Vec2 v0 = clipped_[i], v1 = clipped_[(i + 1) % n];
      const b2Vec2 mid = 0.5f * (v0 + v1);
      b2Vec2 direction =
          body->GetLinearVelocityFromWorldPoint(mid) - water_body->GetLinearVelocityFromWorldPoint(mid);
      const double speed = direction.Normalize();
      b2Vec2 edge = v1 - v0;
      const double edge_length = edge.Normalize();
      const b2Vec2 normal = b2Cross(-1.0f, edge);
      const float32 drag_dot = b2Dot(normal, direction);
      if (drag_dot >= 0) {  // a trailing edge
        const double drag = std::min(drag_dot * kDragMod * edge_length * density * speed * speed, kMaxDrag);
        body->ApplyForce(scaled(drag, -direction), mid, true);
        const float32 lift_dot = b2Dot(edge, direction);
        const double lift =
            std::min(drag_dot * static_cast<double>(lift_dot) * kLiftMod * edge_length * density * speed * speed,
                     kMaxLift);
        body->ApplyForce(scaled(lift, b2Cross(1.0f, direction)), mid, true);
      }
      push(body, normal, edge_length, density);
    }
  }
}

}  // namespace boxwalk
