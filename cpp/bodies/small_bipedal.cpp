// The classic biped on half-length legs (17 px), TeachMyAgent's newer style.
#include "bodies/legged.h"
#include "constants.h"

namespace boxwalk {

BodySpec make_small_bipedal(const BodyOptions& options) {
  using gym::SCALE;
  LeggedBody b;
  b.name = "small_bipedal";
  b.hull = {{-30, +9}, {+6, +9}, {+34, +1}, {+34, -8}, {-30, -8}};
  b.hull_bottom_width = 20;
  b.leg_down = 3 / SCALE;
  b.leg_w = 8 / SCALE;
  b.leg_h = 17 / SCALE;
  b.hull_critical = options.head_contact_critical;
  return build_legged(b);
}

}  // namespace boxwalk
