// Gymnasium's BipedalWalker body ("old_classic_bipedal" in TeachMyAgent's names): a hull and two two-segment legs
// with motorised hips and knees, built in Gymnasium's creation order with its fixtures, filters and joint limits.
#pragma once
#include <Box2D/Box2D.h>

#include <array>
#include <vector>

#include "render/color.h"

namespace boxwalk {

// A body part as the renderer draws it: every fixture of `body`, filled and outlined.
struct BodyPart {
  const b2Body* body;
  Rgb fill;
  Rgb outline;
};

class ClassicBiped {
 public:
  static constexpr int kActionSize = 4;
  // Hull angle/velocities (4) + per leg: hip angle/speed, knee angle/speed, contact (5 each).
  static constexpr int kStateSize = 14;  // hull 4 + motors 10

  // Creates hull, applies the spawn force, then the legs and joints (Gymnasium's order).
  void create(b2World& world, double init_x, double init_y, float spawn_force_x);
  void destroy(b2World& world);
  bool exists() const { return hull_ != nullptr; }

  // Motor speed = SPEED * sign(a), max torque = 80 * clip(|a|, 0, 1), in joint order hip1, knee1, hip2, knee2.
  void apply_action(const double* action);
  // The observation entries, in Python-double arithmetic cast to float32 at the end: 4 hull values (angle,
  // angular velocity, vx, vy) and 10 motor values (per leg: hip angle, hip speed, knee angle, knee speed, contact).
  static constexpr int kHullStateSize = 4;
  static constexpr int kMotorStateSize = 10;
  void write_hull_state(float* out) const;
  void write_motor_state(float* out) const;

  // Contact bookkeeping, called from the env's contact listener for non-sensor contacts (no counting: one
  // EndContact clears the flag).
  void begin_contact(const b2Body* a, const b2Body* b);
  void end_contact(const b2Body* a, const b2Body* b);
  void clear_contacts();

  // The parts in drawing order (legs, then the hull on top) with Gymnasium's colours.
  void append_parts(std::vector<BodyPart>& out) const;

  b2Body* hull() const { return hull_; }
  bool hull_touched() const { return hull_touched_; }
  const std::array<b2Body*, 4>& legs() const { return legs_; }

 private:
  b2Body* hull_ = nullptr;
  std::array<b2Body*, 4> legs_{};  // upper-, lower-, upper+, lower+
  std::array<b2RevoluteJoint*, 4> joints_{};  // hip-, knee-, hip+, knee+
  bool hull_touched_ = false;
  std::array<bool, 2> ground_contact_{};  // lower legs 1 and 3
};

}  // namespace boxwalk
