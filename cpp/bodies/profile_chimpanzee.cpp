// TeachMyAgent's walking chimpanzee seen in profile: head and trapezoid chest (both critical), two legs, two arms
// with three-part hands whose parts report contact; no head-angle term in the reward.
#include <cmath>

#include "bodies/chimpanzee.h"

namespace boxwalk {

BodySpec make_profile_chimpanzee(const BodyOptions&) {
  using namespace chimpanzee;
  BodySpec spec = chimpanzee::spec("profile_chimpanzee");
  add_head_and_chest(spec);
  add_legs(spec, false);
  const FixtureSpec hand_part = parts::box(kHandW / 2, kHandH / 2, 1.0f, kMask);
  constexpr double kHandLimits[3][2] = {{-0.4, 0.35}, {-0.5, 0}, {-0.8, 0}};
  for (int arm = 0; arm < 2; ++arm) {  // both arms shaded -1, hanging down
    const int upper = static_cast<int>(spec.parts.size());
    spec.parts.push_back(part("upper_arm", upper_limb(), [](double x, double y) {
      return Point{x, y - kLimbH / 2 + kArmUp};
    }, -1));
    spec.joints.push_back(parts::motor(1, upper, [](double x, double y) { return Point{x, y + kArmUp}; },
                                       -0.5 * M_PI, 0.8 * M_PI, parts::kSpeedHip));
    spec.parts.push_back(part("lower_arm", lower_limb(), [](double x, double y) {
      return Point{x, y - kLimbH * 3 / 2 + kArmUp};
    }, -1));
    spec.joints.push_back(parts::motor(upper, upper + 1, [](double x, double y) {
      return Point{x, y - kLimbH + kArmUp};
    }, 0, 0.75 * M_PI, parts::kSpeedHip));
    int previous = upper + 1;
    for (int u = 0; u < 3; ++u) {
      const int index = static_cast<int>(spec.parts.size());
      PartSpec hand = part("hand", hand_part, [=](double x, double y) {
        const double top = y - kLimbH * 2 + kArmUp;
        return Point{x, top - kHandH / 2 - kHandH * u};
      }, -1);
      hand.reports_contact = true;
      spec.parts.push_back(hand);
      spec.joints.push_back(parts::motor(previous, index, [=](double x, double y) {
        const double top = y - kLimbH * 2 + kArmUp;
        return Point{x, top - kHandH * u};
      }, kHandLimits[u][0] * M_PI, kHandLimits[u][1] * M_PI, parts::kSpeedHand, index));
      previous = index;
    }
  }
  return spec;
}

}  // namespace boxwalk
