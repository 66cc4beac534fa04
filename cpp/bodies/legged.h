// The hull-and-legs morphology most walkers share: a polygon hull and pairs of two-segment legs (hip and knee
// motors, the knee reporting the lower leg's contact), in the reference code's two styles: the "old" one
// (Gymnasium and teachDeepRL: body-local anchors, legs spawned at +-0.05 rad) and TeachMyAgent's newer one (world
// anchors, straight legs).
#pragma once
#include <functional>
#include <vector>

#include "bodies/body_spec.h"

namespace boxwalk {

struct LeggedBody {
  std::string name;
  std::vector<Point> hull;        // in pixels
  double hull_bottom_width = 64;  // pixels
  float hull_density = 5.0f;
  float leg_density = 1.0f;
  double leg_down = 0.0;          // world units: the hips' height relative to the hull centre
  double leg_w = 0.0, leg_h = 0.0;
  // Leg pairs along the hull, each at x = interp(anchor, [-1, 1], [-w/2, w/2]) of the hull's bottom width (the
  // old quadruped also uses the raw value as its hip's local anchor). Empty: one pair at the centre.
  std::vector<double> pair_anchors;
  bool old_morphology = false;
  double motors_torque = 80;
  double torque_penalty = 0.00035;
  bool hull_critical = true;
  Rgb hull_fill{127, 51, 229}, hull_outline{76, 76, 127};
  bool amphibian_colors = false;
  uint16 mask = 0x0F;
};

BodySpec build_legged(const LeggedBody& body);

// Appends one two-segment leg (upper, hip, lower, knee) hanging from part `hull` at x = at(init_x), on `side`
// (-1, +1); old-style legs anchor their hip at (hip_local_x, leg_down) in the hull's frame.
void add_leg(BodySpec& spec, int hull, int side, const LeggedBody& p, std::function<double(double)> at,
             double hip_local_x);

}  // namespace boxwalk
