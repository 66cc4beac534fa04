// TeachMyAgent's newer biped: hips 3 px below the hull centre, straight legs, world anchors.
#include "bodies/legged.h"
#include "constants.h"

namespace boxwalk {

BodySpec make_classic_bipedal(const BodyOptions& options) {
  using gym::SCALE;
  LeggedBody b;
  b.name = "classic_bipedal";
  b.hull = {{-30, +9}, {+6, +9}, {+34, +1}, {+34, -8}, {-30, -8}};
  b.hull_bottom_width = 64;
  b.leg_down = 3 / SCALE;
  b.leg_w = 8 / SCALE;
  b.leg_h = 34 / SCALE;
  b.hull_critical = options.head_contact_critical;
  return build_legged(b);
}

}  // namespace boxwalk
