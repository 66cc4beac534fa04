#include "bodies/classic_biped.h"

#include <cmath>

#include "constants.h"
#include "geometry.h"
#include "world.h"

namespace boxwalk {
namespace {

using namespace gym;

constexpr double kHullPoly[5][2] = {{-30, +9}, {+6, +9}, {+34, +1}, {+34, -8}, {-30, -8}};

b2FixtureDef walker_fixture(const b2Shape* shape, float density, float friction) {
  b2FixtureDef def;
  def.shape = shape;
  def.density = density;
  def.friction = friction;
  def.restitution = 0.0f;
  def.filter.categoryBits = kWalkerCategory;
  def.filter.maskBits = kTerrainCategory;
  return def;
}

b2Body* create_dynamic(b2World& world, double x, double y, double angle, const b2FixtureDef& fixture) {
  b2BodyDef def;
  def.type = b2_dynamicBody;
  def.position.Set(static_cast<float32>(x), static_cast<float32>(y));
  def.angle = static_cast<float32>(angle);
  b2Body* body = world.CreateBody(&def);
  body->CreateFixture(&fixture);
  return body;
}

b2RevoluteJoint* create_motor_joint(b2World& world, b2Body* a, b2Body* b, double anchor_a_y, double anchor_b_y,
                                    double motor_speed, double lower, double upper) {
  b2RevoluteJointDef def;
  def.bodyA = a;
  def.bodyB = b;
  def.localAnchorA.Set(0.0f, static_cast<float32>(anchor_a_y));
  def.localAnchorB.Set(0.0f, static_cast<float32>(anchor_b_y));
  def.enableMotor = true;
  def.enableLimit = true;
  def.maxMotorTorque = static_cast<float32>(MOTORS_TORQUE);
  def.motorSpeed = static_cast<float32>(motor_speed);
  def.lowerAngle = static_cast<float32>(lower);
  def.upperAngle = static_cast<float32>(upper);
  // pybox2d derives the reference angle from the bodies (in Python doubles); Box2D's default would be 0.
  def.referenceAngle = static_cast<float32>(static_cast<double>(b->GetAngle()) - static_cast<double>(a->GetAngle()));
  return static_cast<b2RevoluteJoint*>(world.CreateJoint(&def));
}

}  // namespace

void ClassicBiped::create(b2World& world, double init_x, double init_y, float spawn_force_x) {
  b2PolygonShape hull_shape;
  b2Vec2 hull_vertices[5];
  for (int i = 0; i < 5; ++i)
    hull_vertices[i].Set(static_cast<float32>(kHullPoly[i][0] / SCALE), static_cast<float32>(kHullPoly[i][1] / SCALE));
  hull_shape.Set(hull_vertices, 5);
  b2PolygonShape upper_shape;
  upper_shape.SetAsBox(static_cast<float32>(LEG_W / 2), static_cast<float32>(LEG_H / 2));
  b2PolygonShape lower_shape;
  lower_shape.SetAsBox(static_cast<float32>(0.8 * LEG_W / 2), static_cast<float32>(LEG_H / 2));

  hull_ = create_dynamic(world, init_x, init_y, 0.0, walker_fixture(&hull_shape, 5.0f, 0.1f));
  hull_->ApplyForceToCenter(b2Vec2(spawn_force_x, 0.0f), true);

  const b2FixtureDef upper_fixture = walker_fixture(&upper_shape, 1.0f, 0.2f);
  const b2FixtureDef lower_fixture = walker_fixture(&lower_shape, 1.0f, 0.2f);
  int k = 0;
  for (int side : {-1, +1}) {
    b2Body* upper = create_dynamic(world, init_x, init_y - LEG_H / 2 - LEG_DOWN, side * 0.05, upper_fixture);
    legs_[k] = upper;
    joints_[k] = create_motor_joint(world, hull_, upper, LEG_DOWN, LEG_H / 2, side, -0.8, 1.1);
    b2Body* lower = create_dynamic(world, init_x, init_y - LEG_H * 3 / 2 - LEG_DOWN, side * 0.05, lower_fixture);
    legs_[k + 1] = lower;
    joints_[k + 1] = create_motor_joint(world, upper, lower, -LEG_H / 2, LEG_H / 2, 1, -1.6, -0.1);
    k += 2;
  }
  clear_contacts();
}

void ClassicBiped::destroy(b2World& world) {
  if (hull_ == nullptr) return;
  world.DestroyBody(hull_);  // Gymnasium destroys the hull first, then the legs in order (joints go with them)
  for (b2Body*& leg : legs_) {
    world.DestroyBody(leg);
    leg = nullptr;
  }
  hull_ = nullptr;
  joints_ = {};
}

void ClassicBiped::apply_action(const double* action) {
  static constexpr int kSpeeds[4] = {SPEED_HIP, SPEED_KNEE, SPEED_HIP, SPEED_KNEE};
  for (int j = 0; j < kActionSize; ++j) {
    joints_[j]->SetMotorSpeed(static_cast<float32>(kSpeeds[j] * sign(action[j])));
    // For a float32 action this equals Gymnasium's float32 product 80 * clip(|a|, 0, 1): the double product of a
    // float32 and 80 is exact, so rounding it once to float32 gives the float32 product.
    joints_[j]->SetMaxMotorTorque(static_cast<float32>(MOTORS_TORQUE * std::fmin(std::fabs(action[j]), 1.0)));
  }
}

void ClassicBiped::write_hull_state(float* out) const {
  const b2Vec2 vel = hull_->GetLinearVelocity();
  out[0] = static_cast<float>(static_cast<double>(hull_->GetAngle()));
  out[1] = static_cast<float>(2.0 * hull_->GetAngularVelocity() / FPS);
  out[2] = static_cast<float>(0.3 * vel.x * (VIEWPORT_W / SCALE) / FPS);
  out[3] = static_cast<float>(0.3 * vel.y * (VIEWPORT_H / SCALE) / FPS);
}

void ClassicBiped::write_motor_state(float* out) const {
  for (int leg = 0; leg < 2; ++leg) {
    const b2RevoluteJoint* hip = joints_[2 * leg];
    const b2RevoluteJoint* knee = joints_[2 * leg + 1];
    float* o = out + 5 * leg;
    o[0] = static_cast<float>(static_cast<double>(hip->GetJointAngle()));
    o[1] = static_cast<float>(hip->GetJointSpeed() / static_cast<double>(SPEED_HIP));
    o[2] = static_cast<float>(knee->GetJointAngle() + 1.0);
    o[3] = static_cast<float>(knee->GetJointSpeed() / static_cast<double>(SPEED_KNEE));
    o[4] = ground_contact_[leg] ? 1.0f : 0.0f;
  }
}

void ClassicBiped::begin_contact(const b2Body* a, const b2Body* b) {
  if (a == hull_ || b == hull_) hull_touched_ = true;
  for (int leg = 0; leg < 2; ++leg) {
    const b2Body* lower = legs_[2 * leg + 1];
    if (a == lower || b == lower) ground_contact_[leg] = true;
  }
}

void ClassicBiped::end_contact(const b2Body* a, const b2Body* b) {
  for (int leg = 0; leg < 2; ++leg) {
    const b2Body* lower = legs_[2 * leg + 1];
    if (a == lower || b == lower) ground_contact_[leg] = false;
  }
}

void ClassicBiped::append_parts(std::vector<BodyPart>& out) const {
  // Gymnasium shades the leg on side s (-1, +1) by -25 * s per channel; lower legs share their upper leg's colours.
  for (int k = 0; k < 4; ++k) {
    const int shade = (k < 2 ? -1 : 1) * 25;
    out.push_back({legs_[k], {static_cast<uint8_t>(153 - shade), static_cast<uint8_t>(76 - shade),
                              static_cast<uint8_t>(127 - shade)},
                   {static_cast<uint8_t>(102 - shade), static_cast<uint8_t>(51 - shade),
                    static_cast<uint8_t>(76 - shade)}});
  }
  out.push_back({hull_, {127, 51, 229}, {76, 76, 127}});
}

void ClassicBiped::clear_contacts() {
  hull_touched_ = false;
  ground_contact_ = {false, false};
}

}  // namespace boxwalk
