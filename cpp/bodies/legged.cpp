#include "bodies/legged.h"

#include "bodies/parts.h"
#include "constants.h"

namespace boxwalk {
namespace {

using gym::SCALE;

// numpy.interp(x, [-1, 1], [lo, hi]) as numpy computes it (clamped outside the range).
double np_interp(double x, double lo, double hi) {
  if (x <= -1.0) return lo;
  if (x >= 1.0) return hi;
  const double slope = (hi - lo) / (1.0 - -1.0);
  return slope * (x - -1.0) + lo;
}

}  // namespace

void add_leg(BodySpec& spec, int hull, int side, const LeggedBody& p, std::function<double(double)> at,
             double hip_local_x) {
  const double leg_down = p.leg_down, leg_h = p.leg_h;
  // Gymnasium's palette: side s shades the leg by -25 s per channel; the amphibian has green legs with orange
  // feet.
  const int shade = side * 25;
  const Rgb leg_fill = p.amphibian_colors ? Rgb{112, 206, 35}
      : Rgb{static_cast<uint8_t>(153 - shade), static_cast<uint8_t>(76 - shade), static_cast<uint8_t>(127 - shade)};
  const Rgb leg_outline = p.amphibian_colors ? Rgb{91, 168, 28}
      : Rgb{static_cast<uint8_t>(102 - shade), static_cast<uint8_t>(51 - shade), static_cast<uint8_t>(76 - shade)};
  const int upper_index = static_cast<int>(spec.parts.size());
  PartSpec upper;
  upper.name = "leg";
  upper.fixtures = {parts::box(p.leg_w / 2, leg_h / 2, p.leg_density, p.mask)};
  upper.position = [=](double x, double y) { return Point{at(x), y - leg_h / 2 - leg_down}; };
  upper.angle = p.old_morphology ? side * 0.05 : 0.0;
  upper.fill = leg_fill;
  upper.outline = leg_outline;
  spec.parts.push_back(upper);

  JointSpec hip;
  hip.part_a = hull;
  hip.part_b = upper_index;
  if (p.old_morphology) {
    hip.local_a = {hip_local_x, leg_down};
    hip.local_b = {0.0, leg_h / 2};
  } else {
    hip.world_anchor = true;
    hip.anchor = [=](double x, double y) { return Point{at(x), y - leg_down}; };
  }
  hip.lower = -0.8;
  hip.upper = 1.1;
  hip.motor_speed = side;
  hip.speed_control = parts::kSpeedHip;
  spec.joints.push_back(hip);

  PartSpec lower;
  lower.name = "lower";
  lower.fixtures = {parts::box(0.8 * p.leg_w / 2, leg_h / 2, p.leg_density, p.mask)};
  lower.position = [=](double x, double y) { return Point{at(x), y - leg_h * 3 / 2 - leg_down}; };
  lower.angle = upper.angle;
  lower.fill = p.amphibian_colors ? Rgb{255, 63, 10} : leg_fill;
  lower.outline = p.amphibian_colors ? Rgb{219, 73, 30} : leg_outline;
  lower.reports_contact = true;
  spec.parts.push_back(lower);

  JointSpec knee;
  knee.part_a = upper_index;
  knee.part_b = upper_index + 1;
  if (p.old_morphology) {
    knee.local_a = {0.0, -leg_h / 2};
    knee.local_b = {0.0, leg_h / 2};
  } else {
    knee.world_anchor = true;
    knee.anchor = [=](double x, double y) { return Point{at(x), y - leg_down - leg_h}; };
  }
  knee.lower = -1.6;
  knee.upper = -0.1;
  knee.motor_speed = 1;
  knee.speed_control = parts::kSpeedKnee;
  knee.angle_correction = 1.0;
  knee.contact_part = upper_index + 1;
  spec.joints.push_back(knee);
}

BodySpec build_legged(const LeggedBody& p) {
  BodySpec spec;
  spec.name = p.name;
  spec.motors_torque = p.motors_torque;
  spec.torque_penalty = p.torque_penalty;
  spec.agent_width = p.hull_bottom_width / SCALE;
  spec.spawn_height = p.old_morphology ? 2 * p.leg_h : p.leg_h * 2 + p.leg_down;

  PartSpec hull;
  hull.name = "hull";
  hull.fixtures = {parts::polygon(p.hull, p.hull_density, 0.1f, p.mask)};
  hull.position = [](double x, double y) { return Point{x, y}; };
  hull.fill = p.hull_fill;
  hull.outline = p.hull_outline;
  hull.reports_contact = true;
  hull.critical = p.hull_critical;
  hull.spawn_force = true;
  spec.parts.push_back(hull);

  const double half_bottom = p.hull_bottom_width / 2 / SCALE;
  if (p.pair_anchors.empty()) {
    for (int side : {-1, +1}) add_leg(spec, 0, side, p, [](double x) { return x; }, 0.0);
  }
  for (double anchor : p.pair_anchors) {
    const double dx = np_interp(anchor, -half_bottom, half_bottom);
    for (int side : {-1, +1}) add_leg(spec, 0, side, p, [dx](double x) { return x + dx; }, anchor);
  }
  for (int i = 1; i < static_cast<int>(spec.parts.size()); ++i) spec.draw_order.push_back(i);
  spec.draw_order.push_back(0);  // the hull on top, as Gymnasium draws it
  return spec;
}

}  // namespace boxwalk
