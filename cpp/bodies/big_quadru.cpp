// TeachMyAgent's newer quadruped: leg pairs at -0.7 and +0.5 of the hull's half width, world anchors.
// Torque 300, torque penalty halved (two pairs of legs).
#include "bodies/legged.h"
#include "constants.h"

namespace boxwalk {

BodySpec make_big_quadru(const BodyOptions& options) {
  using gym::SCALE;
  LeggedBody b;
  b.name = "big_quadru";
  b.hull = {{-46, +13}, {+6, +13}, {+50, +5}, {+50, -12}, {-46, -12}};
  b.hull_bottom_width = 96;
  b.leg_w = 10 / SCALE;
  b.leg_h = 51 / SCALE;
  b.leg_down = 3 / SCALE;
  b.pair_anchors = {-0.7, 0.5};
  b.motors_torque = 300;
  b.torque_penalty = 0.00035 / 2;
  b.hull_critical = options.head_contact_critical;
  return build_legged(b);
}

}  // namespace boxwalk
