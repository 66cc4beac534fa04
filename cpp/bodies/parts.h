// Building blocks for body files: fixtures, colours and joints with the reference code's defaults.
#pragma once
#include <vector>

#include "bodies/body_spec.h"
#include "constants.h"

namespace boxwalk::parts {

// A polygon given in pixels (divided by SCALE in doubles, as the reference code does).
inline FixtureSpec polygon(const std::vector<Point>& pixels, float density, float friction, uint16 mask) {
  FixtureSpec f;
  f.shape = FixtureSpec::Shape::kPolygon;
  for (const Point& v : pixels) f.vertices.push_back({v.x / gym::SCALE, v.y / gym::SCALE});
  f.density = density;
  f.friction = friction;
  f.mask = mask;
  return f;
}

inline FixtureSpec box(double half_width, double half_height, float density, uint16 mask) {
  FixtureSpec f;
  f.shape = FixtureSpec::Shape::kBox;
  f.half_width = half_width;
  f.half_height = half_height;
  f.density = density;
  f.mask = mask;
  return f;
}

// The reference code's colours are fractions of 255.
inline Rgb rgb(double r, double g, double b) {
  auto c = [](double v) { return static_cast<uint8_t>(v <= 0 ? 0 : v >= 1 ? 255 : v * 255); };
  return {c(r), c(g), c(b)};
}

// A motorised revolute joint with a limit and a world anchor (pybox2d's `anchor=`), motor speed 1 at creation.
inline JointSpec motor(int part_a, int part_b, Placement anchor, double lower, double upper, double speed_control,
                       int contact_part = -1, double angle_correction = 0.0) {
  JointSpec j;
  j.part_a = part_a;
  j.part_b = part_b;
  j.world_anchor = true;
  j.anchor = std::move(anchor);
  j.lower = lower;
  j.upper = upper;
  j.motor_speed = 1.0;
  j.speed_control = speed_control;
  j.contact_part = contact_part;
  j.angle_correction = angle_correction;
  return j;
}

// A limited joint with no motor (not an action dimension).
inline JointSpec passive(int part_a, int part_b, Placement anchor, double lower, double upper) {
  JointSpec j = motor(part_a, part_b, std::move(anchor), lower, upper, 1.0);
  j.enable_motor = false;
  j.motor_speed = 0.0;
  j.is_motor = false;
  return j;
}

// A weld at a world anchor (a grasp sensor fixed to its hand).
inline JointSpec weld(int part_a, int part_b, Placement anchor) {
  JointSpec j;
  j.part_a = part_a;
  j.part_b = part_b;
  j.weld = true;
  j.world_anchor = true;
  j.anchor = std::move(anchor);
  j.enable_limit = j.enable_motor = j.is_motor = false;
  return j;
}

constexpr double kSpeedHip = 4, kSpeedKnee = 6, kSpeedHand = 8;

// TeachMyAgent's 20x20 px square main body of the spider and the wheel: it reports contacts, is critical where the
// family makes the head critical, and takes the spawn force.
inline PartSpec square_main_body(const BodyOptions& options) {
  PartSpec body;
  body.name = "main_body";
  body.fixtures = {polygon({{-10, +10}, {+10, +10}, {+10, -10}, {-10, -10}}, 5.0f, 0.1f, 0x0F)};
  body.position = [](double x, double y) { return Point{x, y}; };
  body.fill = rgb(0.5, 0.2, 0.4);
  body.outline = rgb(0.3, 0.1, 0.2);
  body.reports_contact = true;
  body.critical = options.head_contact_critical;
  body.spawn_force = true;
  return body;
}

}  // namespace boxwalk::parts
