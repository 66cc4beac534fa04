#include "bodies/chimpanzee.h"

#include <cmath>

namespace boxwalk::chimpanzee {

using gym::SCALE;
constexpr double kBodyHeight = 45, kHeadHeight = 20;

BodySpec spec(const char* name) {
  BodySpec s;
  s.name = name;
  s.motors_torque = 100;
  s.torque_penalty = 0.00035 / 5;  // legs, arms and hands
  s.head_angle_reward = false;
  s.spawn_height = kLimbH * 2 + kLegDown;
  s.agent_width = 24 / SCALE;
  return s;
}

PartSpec part(const char* name, FixtureSpec fixture, Placement position, double shade) {
  PartSpec p;
  p.name = name;
  p.fixtures = {std::move(fixture)};
  p.position = std::move(position);
  p.fill = shade == 0 ? parts::rgb(0.5, 0.4, 0.9) : parts::rgb(0.6 - shade / 10, 0.3 - shade / 10, 0.5 - shade / 10);
  p.outline = shade == 0 ? parts::rgb(0.3, 0.3, 0.5) : parts::rgb(0.4 - shade / 10, 0.2 - shade / 10, 0.3 - shade / 10);
  return p;
}

void add_head_and_chest(BodySpec& spec) {
  PartSpec head = part("head", parts::polygon({{-5, +10}, {+5, +10}, {+5, -10}, {-5, -10}}, 5.0f, 0.1f, kMask),
                       [](double x, double y) {
                         return Point{x, y + kBodyHeight / SCALE / 2 + kHeadHeight / SCALE / 2 + 0.2};
                       }, 0);
  head.reports_contact = head.critical = head.spawn_force = true;
  spec.parts.push_back(head);
  PartSpec chest = part("body", parts::polygon({{-12, +25}, {+12, +25}, {+8, -20}, {-8, -20}}, 5.0f, 0.1f, kMask),
                        [](double x, double y) { return Point{x, y}; }, 0);
  chest.reports_contact = chest.critical = true;
  spec.parts.push_back(chest);
  spec.joints.push_back(parts::passive(0, 1, [](double x, double y) { return Point{x, y + kBodyHeight / SCALE / 2}; },
                                       -0.1 * M_PI, 0.1 * M_PI));
}

void add_legs(BodySpec& spec, bool lower_critical) {
  for (int leg = 0; leg < 2; ++leg) {
    const int upper = static_cast<int>(spec.parts.size());
    spec.parts.push_back(part("upper_leg", upper_limb(), [](double x, double y) {
      return Point{x, y - kLimbH / 2 - kLegDown};
    }, +1));
    spec.joints.push_back(parts::motor(1, upper, [](double x, double y) { return Point{x, y - kLegDown}; },
                                       -0.3 * M_PI, 0.6 * M_PI, parts::kSpeedHip));
    PartSpec lower = part("lower_leg", lower_limb(), [](double x, double y) {
      return Point{x, y - kLimbH * 3 / 2 - kLegDown};
    }, +1);
    lower.reports_contact = true;
    lower.critical = lower_critical;
    spec.parts.push_back(lower);
    spec.joints.push_back(parts::motor(upper, upper + 1, [](double x, double y) {
      return Point{x, y - kLimbH - kLegDown};
    }, -0.75 * M_PI, -0.1, parts::kSpeedKnee, upper + 1, 1.0));
  }
}

}  // namespace boxwalk::chimpanzee
