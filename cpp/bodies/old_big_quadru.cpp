// teachDeepRL's quadruped: two leg pairs. Its hips' local anchors (-1.2, 0.85) differ from where the legs spawn
// (the clamped interpolation of the same numbers), as in the reference.
// Torque 300, torque penalty halved (two pairs of legs).
#include "bodies/legged.h"
#include "constants.h"

namespace boxwalk {

BodySpec make_old_big_quadru(const BodyOptions& options) {
  using gym::SCALE;
  LeggedBody b;
  b.name = "old_big_quadru";
  b.hull = {{-46, +13}, {+6, +13}, {+50, +5}, {+50, -12}, {-46, -12}};
  b.hull_bottom_width = 96;
  b.leg_w = 10 / SCALE;
  b.leg_h = 51 / SCALE;
  b.leg_down = -8 / SCALE;
  b.pair_anchors = {-1.2, 0.85};
  b.old_morphology = true;
  b.motors_torque = 300;
  b.torque_penalty = 0.00035 / 2;
  b.hull_critical = options.head_contact_critical;
  return build_legged(b);
}

}  // namespace boxwalk
