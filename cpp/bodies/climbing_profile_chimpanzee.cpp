// TeachMyAgent's benchmark climber: the profile chimpanzee with arms up and grasp sensors (12 actions: 10 motors
// and 2 grasps).
#include <cmath>

#include "bodies/climbing_chimpanzee.h"
#include "bodies/parts.h"

namespace boxwalk {

BodySpec build_climbing_chimpanzee(const char* name, bool legs) {
  using gym::SCALE;
  const double leg_down = 12 / SCALE, arm_up = 22 / SCALE;
  const double limb_w = 8 / SCALE, limb_h = 28 / SCALE;
  const double hand_w = 4 / SCALE, hand_h = 8 / SCALE;
  constexpr double kBodyHeight = 45, kHeadHeight = 20;
  constexpr uint16 kMask = 0x1;

  BodySpec spec;
  spec.name = name;
  spec.kind = BodyKind::kClimber;
  spec.lidar = LidarKind::kUp;
  spec.motors_torque = 100;
  spec.torque_penalty = 0.00035 / 5;  // legs, arms and hands
  spec.head_angle_reward = false;
  spec.spawn_height = limb_h * 2 + leg_down;
  spec.agent_width = 24 / SCALE;

  auto part = [&](const char* part_name, FixtureSpec fixture, Placement position, double shade) {
    PartSpec p;
    p.name = part_name;
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
  for (int leg = 0; legs && leg < 2; ++leg) {
    const int upper = static_cast<int>(spec.parts.size());
    spec.parts.push_back(part("upper_leg", upper_limb, [=](double x, double y) {
      return Point{x, y - limb_h / 2 - leg_down};
    }, +1));
    spec.joints.push_back(parts::motor(1, upper, [=](double x, double y) { return Point{x, y - leg_down}; },
                                       -0.3 * M_PI, 0.6 * M_PI, parts::kSpeedHip));
    PartSpec lower = part("lower_leg", lower_limb, [=](double x, double y) {
      return Point{x, y - limb_h * 3 / 2 - leg_down};
    }, +1);
    lower.reports_contact = lower.critical = true;
    spec.parts.push_back(lower);
    spec.joints.push_back(parts::motor(upper, upper + 1, [=](double x, double y) {
      return Point{x, y - limb_h - leg_down};
    }, -0.75 * M_PI, -0.1, parts::kSpeedKnee, upper + 1, 1.0));
  }

  FixtureSpec sensor_fixture;
  sensor_fixture.shape = FixtureSpec::Shape::kCircle;
  sensor_fixture.radius = 0.05;
  sensor_fixture.sensor = true;
  sensor_fixture.mask = kMask;
  auto hand_base = [=](double y) { return y + limb_h * 2 + arm_up; };
  for (int arm = 0; arm < 2; ++arm) {
    const int upper = static_cast<int>(spec.parts.size());
    spec.parts.push_back(part("upper_arm", upper_limb, [=](double x, double y) {
      return Point{x, y + limb_h / 2 + arm_up};
    }, -1));
    spec.joints.push_back(parts::motor(1, upper, [=](double x, double y) { return Point{x, y + arm_up}; },
                                       -0.75 * 2 * M_PI, 0, parts::kSpeedHip));
    spec.parts.push_back(part("lower_arm", lower_limb, [=](double x, double y) {
      return Point{x, y + limb_h * 3 / 2 + arm_up};
    }, -1));
    spec.joints.push_back(parts::motor(upper, upper + 1, [=](double x, double y) {
      return Point{x, y + limb_h + arm_up};
    }, 0, 0.75 * M_PI, parts::kSpeedHip));
    const int hand = upper + 2;
    PartSpec hand_part = part("hand", parts::box(hand_w / 2, hand_h / 2, 1.0f, kMask), [=](double x, double y) {
      return Point{x, hand_base(y) + hand_h / 2};
    }, -1);
    hand_part.reports_contact = true;
    spec.parts.push_back(hand_part);
    spec.joints.push_back(parts::motor(upper + 1, hand, [=](double x, double y) { return Point{x, hand_base(y)}; },
                                       -0.5 * M_PI, 0.5 * M_PI, parts::kSpeedHand, hand));
    auto tip = [=](double x, double y) { return Point{x, hand_base(y) + hand_h}; };
    PartSpec sensor = part("hand_sensor", sensor_fixture, tip, 0);
    sensor.fill = sensor.outline = parts::rgb(1, 0, 0);
    sensor.grasp_sensor = true;
    spec.parts.push_back(sensor);
    spec.joints.push_back(parts::weld(hand, hand + 1, tip));
  }
  return spec;
}

BodySpec make_climbing_profile_chimpanzee(const BodyOptions&) {
  return build_climbing_chimpanzee("climbing_profile_chimpanzee", true);
}

}  // namespace boxwalk
