// TeachMyAgent's benchmark climber: the profile chimpanzee with arms up and grasp sensors (12 actions: 10 motors
// and 2 grasps).
#include <cmath>

#include "bodies/chimpanzee.h"
#include "bodies/climbing_chimpanzee.h"

namespace boxwalk {

BodySpec build_climbing_chimpanzee(const char* name, bool legs) {
  using namespace chimpanzee;
  BodySpec spec = chimpanzee::spec(name);
  spec.kind = BodyKind::kClimber;
  spec.lidar = LidarKind::kUp;
  add_head_and_chest(spec);
  if (legs) add_legs(spec, true);

  FixtureSpec sensor_fixture;
  sensor_fixture.shape = FixtureSpec::Shape::kCircle;
  sensor_fixture.radius = 0.05;
  sensor_fixture.sensor = true;
  sensor_fixture.mask = kMask;
  auto hand_base = [](double y) { return y + kLimbH * 2 + kArmUp; };
  for (int arm = 0; arm < 2; ++arm) {  // pointing up
    const int upper = static_cast<int>(spec.parts.size());
    spec.parts.push_back(part("upper_arm", upper_limb(), [](double x, double y) {
      return Point{x, y + kLimbH / 2 + kArmUp};
    }, -1));
    spec.joints.push_back(parts::motor(1, upper, [](double x, double y) { return Point{x, y + kArmUp}; },
                                       -0.75 * 2 * M_PI, 0, parts::kSpeedHip));
    spec.parts.push_back(part("lower_arm", lower_limb(), [](double x, double y) {
      return Point{x, y + kLimbH * 3 / 2 + kArmUp};
    }, -1));
    spec.joints.push_back(parts::motor(upper, upper + 1, [](double x, double y) {
      return Point{x, y + kLimbH + kArmUp};
    }, 0, 0.75 * M_PI, parts::kSpeedHip));
    const int hand = upper + 2;
    PartSpec hand_part = part("hand", parts::box(kHandW / 2, kHandH / 2, 1.0f, kMask), [=](double x, double y) {
      return Point{x, hand_base(y) + kHandH / 2};
    }, -1);
    hand_part.reports_contact = true;
    spec.parts.push_back(hand_part);
    spec.joints.push_back(parts::motor(upper + 1, hand, [=](double x, double y) { return Point{x, hand_base(y)}; },
                                       -0.5 * M_PI, 0.5 * M_PI, parts::kSpeedHand, hand));
    auto tip = [=](double x, double y) { return Point{x, hand_base(y) + kHandH}; };
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
