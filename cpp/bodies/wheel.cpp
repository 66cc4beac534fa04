// TeachMyAgent's wheel: a 20x20 px body with four two-segment legs (4x10 px) pointing down, up, left and right;
// no head-angle term in the reward.
#include <cmath>

#include "bodies/parts.h"

namespace boxwalk {

BodySpec make_wheel(const BodyOptions& options) {
  using gym::SCALE;
  constexpr double kBodyWidth = 20, kBodyScale = 1;
  const double leg_w = 4 / SCALE, leg_h = 10 / SCALE;

  BodySpec spec;
  spec.name = "wheel";
  spec.motors_torque = 500;
  spec.torque_penalty = 0.00035 / 2;  // four legs = two pairs
  spec.head_angle_reward = false;
  spec.spawn_height = 20 * kBodyScale / SCALE / 2 + leg_h * 2;
  spec.agent_width = kBodyWidth * kBodyScale / SCALE;

  spec.parts.push_back(parts::square_main_body(options));

  struct Direction {
    double dx, dy, angle;
  };
  for (const Direction d : {Direction{0, -1, 0}, Direction{0, 1, 0}, Direction{-1, 0, M_PI / 2},
                            Direction{1, 0, M_PI / 2}}) {
    const double x_offset = d.dx * (kBodyWidth * kBodyScale / SCALE / 2);
    const double y_offset = d.dy * (kBodyWidth * kBodyScale / SCALE / 2);
    auto leg_x = [=](double x) { return x + d.dx * (leg_h / 2) + x_offset; };
    auto leg_y = [=](double y) { return y + d.dy * (leg_h / 2) + y_offset; };
    const int upper = static_cast<int>(spec.parts.size());
    PartSpec leg;
    leg.name = "leg";
    leg.fixtures = {parts::box(leg_w / 2, leg_h / 2, 1.0f, 0x0F)};
    leg.position = [=](double x, double y) { return Point{leg_x(x), leg_y(y)}; };
    leg.angle = d.angle;
    leg.fill = parts::rgb(0.7, 0.4, 0.6);
    leg.outline = parts::rgb(0.5, 0.3, 0.4);
    spec.parts.push_back(leg);
    spec.joints.push_back(parts::motor(0, upper, [=](double x, double y) {
      return Point{x + x_offset, y + y_offset};
    }, -0.8, 1.1, parts::kSpeedHip));

    PartSpec lower = leg;
    lower.name = "lower";
    lower.fixtures = {parts::box(0.8 * leg_w / 2, leg_h / 2, 1.0f, 0x0F)};
    lower.position = [=](double x, double y) { return Point{leg_x(x) + d.dx * leg_h, leg_y(y) + d.dy * leg_h}; };
    lower.reports_contact = true;
    spec.parts.push_back(lower);
    spec.joints.push_back(parts::motor(upper, upper + 1, [=](double x, double y) {
      return Point{leg_x(x) + d.dx * (leg_h / 2), leg_y(y) + d.dy * (leg_h / 2)};
    }, -1.6, -0.1, parts::kSpeedKnee, upper + 1, 1.0));
  }
  return spec;
}

}  // namespace boxwalk
