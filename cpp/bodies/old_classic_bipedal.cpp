// Gymnasium's BipedalWalker (teachDeepRL's default walker): the default body.
#include "bodies/legged.h"
#include "constants.h"

namespace boxwalk {

BodySpec make_old_classic_bipedal(const BodyOptions& options) {
  using gym::SCALE;
  LeggedBody b;
  b.name = "old_classic_bipedal";
  b.hull = {{-30, +9}, {+6, +9}, {+34, +1}, {+34, -8}, {-30, -8}};
  b.hull_bottom_width = 64;
  b.leg_down = -8 / SCALE;
  b.leg_w = 8 / SCALE;
  b.leg_h = 34 / SCALE;
  b.old_morphology = true;
  b.hull_critical = options.head_contact_critical;
  b.mask = 0x01;  // Gymnasium's filter (terrain only)
  return build_legged(b);
}

}  // namespace boxwalk
