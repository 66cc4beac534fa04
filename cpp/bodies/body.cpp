#include "bodies/body.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "constants.h"
#include "geometry.h"
#include "world.h"

namespace boxwalk {
namespace {

b2Vec2 to_b2(const Point& p) { return b2Vec2(static_cast<float32>(p.x), static_cast<float32>(p.y)); }

// The fixture's shape lives in `storage` until CreateFixture has copied it.
struct ShapeStorage {
  b2PolygonShape polygon;
  b2CircleShape circle;
};

const b2Shape* make_shape(const FixtureSpec& f, ShapeStorage& storage) {
  switch (f.shape) {
    case FixtureSpec::Shape::kBox:
      storage.polygon.SetAsBox(static_cast<float32>(f.half_width), static_cast<float32>(f.half_height));
      return &storage.polygon;
    case FixtureSpec::Shape::kPolygon: {
      std::vector<b2Vec2> vertices;
      for (const Point& v : f.vertices) vertices.push_back(to_b2(v));
      storage.polygon.Set(vertices.data(), static_cast<int32>(vertices.size()));
      return &storage.polygon;
    }
    case FixtureSpec::Shape::kCircle:
      storage.circle.m_radius = static_cast<float32>(f.radius);
      storage.circle.m_p = to_b2(f.center);
      return &storage.circle;
  }
  throw std::logic_error("unknown fixture shape");
}

}  // namespace

int Body::motor_count() const {
  int size = 0;
  for (const JointSpec& j : spec_.joints) size += j.is_motor && !j.weld ? 1 : 0;
  return size;
}

int Body::grasp_sensor_count() const {
  int size = 0;
  for (const PartSpec& p : spec_.parts) size += p.grasp_sensor ? 1 : 0;
  return size;
}

std::vector<b2Body*> Body::grasp_sensors() const {
  std::vector<b2Body*> out;
  for (std::size_t i = 0; i < bodies_.size(); ++i)
    if (spec_.parts[i].grasp_sensor) out.push_back(bodies_[i]);
  return out;
}

std::vector<bool> Body::motor_contacts() const {
  std::vector<bool> out;
  for (const JointSpec& j : spec_.joints)
    if (j.is_motor) out.push_back(j.contact_part >= 0);
  return out;
}

std::vector<double> Body::motor_speed_controls() const {
  std::vector<double> out;
  for (const JointSpec& j : spec_.joints)
    if (j.is_motor) out.push_back(j.speed_control);
  return out;
}

int Body::motor_state_size() const {
  int size = 0;
  for (const JointSpec& j : spec_.joints)
    if (j.is_motor) size += j.contact_part >= 0 ? 3 : 2;
  return size;
}

void Body::create(b2World& world, double init_x, double init_y, float spawn_force_x) {
  const std::size_t n_parts = spec_.parts.size();
  bodies_.assign(n_parts, nullptr);
  has_contact_.assign(n_parts, 0);
  critical_contact_ = false;
  motors_.clear();
  motor_joint_.clear();
  std::vector<b2Joint*> joints(spec_.joints.size(), nullptr);
  for (std::size_t i = 0; i < n_parts; ++i) {
    const PartSpec& part = spec_.parts[i];
    b2BodyDef def;
    def.type = b2_dynamicBody;
    def.position = to_b2(part.position(init_x, init_y));
    def.angle = static_cast<float32>(part.angle);
    b2Body* body = world.CreateBody(&def);
    bodies_[i] = body;
    for (const FixtureSpec& f : part.fixtures) {
      ShapeStorage storage;
      b2FixtureDef fixture;
      fixture.shape = make_shape(f, storage);
      fixture.density = f.density;
      fixture.friction = f.friction;
      fixture.restitution = f.restitution;
      fixture.isSensor = f.sensor;
      fixture.filter.categoryBits = f.category;
      fixture.filter.maskBits = f.mask;
      body->CreateFixture(&fixture);
    }
    if (part.spawn_force) body->ApplyForceToCenter(b2Vec2(spawn_force_x, 0.0f), true);
    for (std::size_t j = 0; j < spec_.joints.size(); ++j) {
      const JointSpec& js = spec_.joints[j];
      const int after = js.after_part >= 0 ? js.after_part : std::max(js.part_a, js.part_b);
      if (static_cast<std::size_t>(after) != i) continue;
      b2Body* a = bodies_[static_cast<std::size_t>(js.part_a)];
      b2Body* b = bodies_[static_cast<std::size_t>(js.part_b)];
      if (js.weld) {
        b2WeldJointDef weld;
        weld.Initialize(a, b, to_b2(js.anchor(init_x, init_y)));
        joints[j] = world.CreateJoint(&weld);
        continue;
      }
      b2RevoluteJointDef def;
      def.bodyA = a;
      def.bodyB = b;
      if (js.world_anchor) {
        const b2Vec2 anchor = to_b2(js.anchor(init_x, init_y));
        def.localAnchorA = a->GetLocalPoint(anchor);
        def.localAnchorB = b->GetLocalPoint(anchor);
      } else {
        def.localAnchorA = to_b2(js.local_a);
        def.localAnchorB = to_b2(js.local_b);
      }
      def.enableMotor = js.enable_motor;
      def.enableLimit = js.enable_limit;
      def.maxMotorTorque = js.enable_motor ? static_cast<float32>(spec_.motors_torque) : 0.0f;
      def.motorSpeed = static_cast<float32>(js.motor_speed);
      def.lowerAngle = static_cast<float32>(js.lower);
      def.upperAngle = static_cast<float32>(js.upper);
      // pybox2d derives the reference angle from the bodies (in Python doubles); Box2D's default would be 0.
      def.referenceAngle =
          static_cast<float32>(static_cast<double>(b->GetAngle()) - static_cast<double>(a->GetAngle()));
      joints[j] = world.CreateJoint(&def);
    }
  }
  for (std::size_t j = 0; j < spec_.joints.size(); ++j) {
    if (!spec_.joints[j].is_motor || spec_.joints[j].weld) continue;
    motors_.push_back(static_cast<b2RevoluteJoint*>(joints[j]));
    motor_joint_.push_back(static_cast<int>(j));
  }
}

void Body::destroy(b2World& world) {
  for (b2Body* body : bodies_) world.DestroyBody(body);  // creation order, as the reference code (joints go along)
  forget();
}

void Body::forget() {
  bodies_.clear();
  motors_.clear();
  motor_joint_.clear();
}

void Body::apply_action(const double* action) {
  for (std::size_t m = 0; m < motors_.size(); ++m) {
    const JointSpec& js = spec_.joints[static_cast<std::size_t>(motor_joint_[m])];
    motors_[m]->SetMotorSpeed(static_cast<float32>(js.speed_control * sign(action[m])));
    // For a float32 action this equals the reference's float32 product torque * clip(|a|, 0, 1) whenever the
    // double product is exact (an integer torque times a float32), as for every shipped body.
    motors_[m]->SetMaxMotorTorque(static_cast<float32>(spec_.motors_torque * std::fmin(std::fabs(action[m]), 1.0)));
  }
}

void Body::write_head_state(float* out) const {
  using namespace gym;
  const b2Body* h = head();
  const b2Vec2 vel = h->GetLinearVelocity();
  out[0] = static_cast<float>(static_cast<double>(h->GetAngle()));
  out[1] = static_cast<float>(2.0 * h->GetAngularVelocity() / FPS);
  out[2] = static_cast<float>(0.3 * vel.x * (VIEWPORT_W / SCALE) / FPS);
  out[3] = static_cast<float>(0.3 * vel.y * (VIEWPORT_H / SCALE) / FPS);
}

void Body::write_motor_state(float* out) const {
  for (std::size_t m = 0; m < motors_.size(); ++m) {
    const JointSpec& js = spec_.joints[static_cast<std::size_t>(motor_joint_[m])];
    *out++ = static_cast<float>(static_cast<double>(motors_[m]->GetJointAngle()) + js.angle_correction);
    *out++ = static_cast<float>(static_cast<double>(motors_[m]->GetJointSpeed()) / js.speed_control);
    if (js.contact_part >= 0) *out++ = has_contact_[static_cast<std::size_t>(js.contact_part)] ? 1.0f : 0.0f;
  }
}

void Body::touch(const b2Body* body, bool contact, bool critical_allowed) {
  for (std::size_t i = 0; i < bodies_.size(); ++i) {
    if (bodies_[i] != body) continue;
    const PartSpec& part = spec_.parts[i];
    if (part.reports_contact) has_contact_[i] = contact;
    if (contact && part.critical && !critical_allowed) critical_contact_ = true;
  }
}

void Body::begin_contact(const b2Fixture* a, const b2Fixture* b) {
  auto allowed = [&](const b2Fixture* other) {
    return spec_.kind == BodyKind::kClimber && surface_of(other) == Surface::Ceiling;
  };
  touch(a->GetBody(), true, allowed(b));
  touch(b->GetBody(), true, allowed(a));
}

void Body::end_contact(const b2Fixture* a, const b2Fixture* b) {
  touch(a->GetBody(), false, true);
  touch(b->GetBody(), false, true);
}

void Body::append_parts(std::vector<BodyPart>& out) const {
  auto add = [&](std::size_t i) { out.push_back({bodies_[i], spec_.parts[i].fill, spec_.parts[i].outline}); };
  if (spec_.draw_order.empty()) {
    for (std::size_t i = 0; i < bodies_.size(); ++i) add(i);
  } else {
    for (int i : spec_.draw_order) add(static_cast<std::size_t>(i));
  }
}

}  // namespace boxwalk
