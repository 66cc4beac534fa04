// TeachMyAgent's millipede: four 20x20 px bodies in a row, each with a pair of two-segment legs (4x10 px),
// joined by passive joints (+-0.05 pi). The head is the rightmost body. The reference flags the head as critical
// on the Box2D body instead of its user data, so no contact ever ends a millipede's episode; so here.
#include <cmath>

#include "bodies/legged.h"
#include "bodies/parts.h"

namespace boxwalk {

BodySpec make_millipede(const BodyOptions&) {
  using gym::SCALE;
  constexpr int kBodies = 4;
  constexpr double kBodyWidth = 20;
  LeggedBody legs;  // the legs of each segment, TeachMyAgent's newer style
  legs.leg_down = 3 / SCALE;
  legs.leg_w = 4 / SCALE;
  legs.leg_h = 10 / SCALE;

  BodySpec spec;
  spec.name = "millipede";
  spec.motors_torque = 200;
  spec.torque_penalty = 0.00035 / kBodies;  // one pair of legs per body
  spec.spawn_height = legs.leg_h * 2 + legs.leg_down;
  spec.agent_width = kBodyWidth / SCALE * kBodies;

  int previous = -1;
  for (int j = 0; j < kBodies; ++j) {
    // The reference shifts init_x to the left end first, then steps right: keep that order of operations.
    auto body_x = [j](double x) { return (x - kBodyWidth / SCALE * kBodies / 2) + j * (kBodyWidth / SCALE); };
    const int body = static_cast<int>(spec.parts.size());
    PartSpec part;
    part.name = "body";
    part.fixtures = {parts::polygon({{-10, +10}, {+10, +10}, {+10, -10}, {-10, -10}}, 5.0f, 0.1f, 0x0F)};
    part.position = [body_x](double x, double y) { return Point{body_x(x), y}; };
    part.fill = parts::rgb(0.5, 0.4, 0.9);
    part.outline = parts::rgb(0.3, 0.3, 0.5);
    part.reports_contact = true;
    part.spawn_force = true;  // every body gets the spawn force, as in the reference
    spec.parts.push_back(part);
    for (int side : {-1, +1}) add_leg(spec, body, side, legs, body_x, 0.0);
    if (previous >= 0) {
      JointSpec link = parts::passive(previous, body, [body_x](double x, double y) {
        return Point{body_x(x) - kBodyWidth / SCALE / 2, y};
      }, -0.05 * M_PI, 0.05 * M_PI);
      link.after_part = static_cast<int>(spec.parts.size()) - 1;  // after this body's legs
      spec.joints.push_back(link);
    }
    previous = body;
  }
  spec.head = previous;
  return spec;
}

}  // namespace boxwalk
