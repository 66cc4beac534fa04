// TeachMyAgent's walking chimpanzee seen in profile: head and trapezoid chest (both critical), two legs, two arms
// with three-part hands whose parts report contact; no head-angle term in the reward.
#include <cmath>

#include "bodies/parts.h"

namespace boxwalk {

BodySpec make_profile_chimpanzee(const BodyOptions&) {
  using gym::SCALE;
  const double leg_down = 12 / SCALE, arm_up = 22 / SCALE;
  const double limb_w = 8 / SCALE, limb_h = 28 / SCALE;
  const double hand_w = 4 / SCALE, hand_h = 8 / SCALE;
  constexpr double kBodyHeight = 45, kHeadHeight = 20;
  constexpr uint16 kMask = 0x1;

  BodySpec spec;
  spec.name = "profile_chimpanzee";
  spec.motors_torque = 100;
  spec.torque_penalty = 0.00035 / 5;  // legs, arms and hands
  spec.head_angle_reward = false;
  spec.spawn_height = limb_h * 2 + leg_down;
  spec.agent_width = 24 / SCALE;

  auto part = [&](const char* name, FixtureSpec fixture, Placement position, double shade) {
    PartSpec p;
    p.name = name;
    p.fixtures = {std::move(fixture)};
    p.position = std::move(position);
    p.fill = shade == 0 ? parts::rgb(0.5, 0.4, 0.9) : parts::rgb(0.6 - shade / 10, 0.3 - shade / 10, 0.5 - shade / 10);
    p.outline = shade == 0 ? parts::rgb(0.3, 0.3, 0.5)
                           : parts::rgb(0.4 - shade / 10, 0.2 - shade / 10, 0.3 - shade / 10);
    return p;
  };

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

  const FixtureSpec upper_limb = parts::box(limb_w / 2, limb_h / 2, 1.0f, kMask);
  const FixtureSpec lower_limb = parts::box(0.8 * limb_w / 2, limb_h / 2, 1.0f, kMask);
  for (int leg = 0; leg < 2; ++leg) {  // both legs on the same side (shade +1), as in the reference
    const int upper = static_cast<int>(spec.parts.size());
    spec.parts.push_back(part("upper_leg", upper_limb, [=](double x, double y) {
      return Point{x, y - limb_h / 2 - leg_down};
    }, +1));
    spec.joints.push_back(parts::motor(1, upper, [=](double x, double y) { return Point{x, y - leg_down}; },
                                       -0.3 * M_PI, 0.6 * M_PI, parts::kSpeedHip));
    PartSpec lower = part("lower_leg", lower_limb, [=](double x, double y) {
      return Point{x, y - limb_h * 3 / 2 - leg_down};
    }, +1);
    lower.reports_contact = true;
    spec.parts.push_back(lower);
    spec.joints.push_back(parts::motor(upper, upper + 1, [=](double x, double y) {
      return Point{x, y - limb_h - leg_down};
    }, -0.75 * M_PI, -0.1, parts::kSpeedKnee, upper + 1, 1.0));
  }
  const FixtureSpec hand_part = parts::box(hand_w / 2, hand_h / 2, 1.0f, kMask);
  constexpr double kHandLimits[3][2] = {{-0.4, 0.35}, {-0.5, 0}, {-0.8, 0}};
  for (int arm = 0; arm < 2; ++arm) {  // both arms shaded -1
    const int upper = static_cast<int>(spec.parts.size());
    spec.parts.push_back(part("upper_arm", upper_limb, [=](double x, double y) {
      return Point{x, y - limb_h / 2 + arm_up};
    }, -1));
    spec.joints.push_back(parts::motor(1, upper, [=](double x, double y) { return Point{x, y + arm_up}; },
                                       -0.5 * M_PI, 0.8 * M_PI, parts::kSpeedHip));
    spec.parts.push_back(part("lower_arm", lower_limb, [=](double x, double y) {
      return Point{x, y - limb_h * 3 / 2 + arm_up};
    }, -1));
    spec.joints.push_back(parts::motor(upper, upper + 1, [=](double x, double y) {
      return Point{x, y - limb_h + arm_up};
    }, 0, 0.75 * M_PI, parts::kSpeedHip));
    int previous = upper + 1;
    for (int u = 0; u < 3; ++u) {
      const int index = static_cast<int>(spec.parts.size());
      PartSpec hand = part("hand", hand_part, [=](double x, double y) {
        const double top = y - limb_h * 2 + arm_up;
        return Point{x, top - hand_h / 2 - hand_h * u};
      }, -1);
      hand.reports_contact = true;
      spec.parts.push_back(hand);
      spec.joints.push_back(parts::motor(previous, index, [=](double x, double y) {
        const double top = y - limb_h * 2 + arm_up;
        return Point{x, top - hand_h * u};
      }, kHandLimits[u][0] * M_PI, kHandLimits[u][1] * M_PI, parts::kSpeedHand, index));
      previous = index;
    }
  }
  return spec;
}

}  // namespace boxwalk
