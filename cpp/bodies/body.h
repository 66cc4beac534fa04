// One body in a world, built from a BodySpec: creation, motors, observation, contacts, drawing.
#pragma once
#include <Box2D/Box2D.h>

#include <vector>

#include "bodies/body_spec.h"

namespace boxwalk {

// A body part as the renderer draws it: every fixture of `body`, filled and outlined.
struct BodyPart {
  const b2Body* body;
  Rgb fill;
  Rgb outline;
};

class Body {
 public:
  Body() = default;
  explicit Body(BodySpec spec) : spec_(std::move(spec)) {}

  const BodySpec& spec() const { return spec_; }
  int action_size() const { return motor_count() + grasp_sensor_count(); }  // motors, then grasp sensors
  int motor_count() const;  // joints with is_motor
  int grasp_sensor_count() const;
  int motor_state_size() const;
  // Per motor, in action order: whether its state ends with a contact bit.
  std::vector<bool> motor_contacts() const;
  // Per motor, in action order: the speed its observed joint speed is divided by.
  std::vector<double> motor_speed_controls() const;
  static constexpr int kHeadStateSize = 4;

  // Creates the parts and joints in the spec's order; the spawn force goes to the parts marked for it.
  void create(b2World& world, double init_x, double init_y, float spawn_force_x);
  void destroy(b2World& world);
  // Drops the parts without touching the world (when the world itself is dropped).
  void forget();
  bool exists() const { return !bodies_.empty(); }

  // Motor speed = speed_control * sign(a), max torque = motors_torque * clip(|a|, 0, 1).
  void apply_action(const double* action);
  // angle, 2 omega / FPS, 0.3 vx (600/30) / FPS, 0.3 vy (400/30) / FPS of the head, in doubles cast to float32.
  void write_head_state(float* out) const;
  void write_motor_state(float* out) const;

  // Contact bookkeeping from the env's listener, non-sensor contacts only (no counting: one EndContact clears).
  // Climbers may touch the ceiling with their critical parts.
  void begin_contact(const b2Fixture* a, const b2Fixture* b);
  void end_contact(const b2Fixture* a, const b2Fixture* b);
  bool critical_contact() const { return critical_contact_; }
  // Whether part i touches something solid (parts that report contacts; always false for the others).
  bool touching(int part) const { return has_contact_.at(static_cast<std::size_t>(part)) != 0; }

  void append_parts(std::vector<BodyPart>& out) const;
  b2Body* head() const { return bodies_.empty() ? nullptr : bodies_[static_cast<std::size_t>(spec_.head)]; }
  const std::vector<b2Body*>& parts() const { return bodies_; }
  std::vector<b2Body*> grasp_sensors() const;

 private:
  void touch(const b2Body* body, bool contact, bool critical_allowed);

  BodySpec spec_;
  std::vector<b2Body*> bodies_;
  std::vector<b2RevoluteJoint*> motors_;
  std::vector<int> motor_joint_;  // spec joint index of each motor
  std::vector<char> has_contact_;  // per part
  bool critical_contact_ = false;
};

}  // namespace boxwalk
