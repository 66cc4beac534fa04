// The newer biped with water-relative densities (hull 1.25, legs 0.25); its hull is never critical.
#include "bodies/legged.h"
#include "constants.h"

namespace boxwalk {

BodySpec make_amphibious_bipedal(const BodyOptions& options) {
  using gym::SCALE;
  LeggedBody b;
  b.name = "amphibious_bipedal";
  b.hull = {{-30, +9}, {+6, +9}, {+34, +1}, {+34, -8}, {-30, -8}};
  b.hull_bottom_width = 64;
  b.leg_down = 3 / SCALE;
  b.leg_w = 8 / SCALE;
  b.leg_h = 34 / SCALE;
  b.hull_density = static_cast<float>(options.density * 1.25);
  b.leg_density = static_cast<float>(options.density * 0.25);
  b.hull_critical = false;
  b.hull_fill = {112, 206, 35};
  b.hull_outline = {91, 168, 28};
  b.amphibian_colors = true;
  BodySpec spec = build_legged(b);
  spec.kind = BodyKind::kAmphibian;
  return spec;
}

}  // namespace boxwalk
