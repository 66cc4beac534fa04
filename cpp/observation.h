// The observation vector of a walker env: its layout (from the family) and its declared bounds (from the family and
// the body), defined once here; the Python spaces read them through the bindings.
#pragma once
#include <vector>

#include "bodies/body.h"
#include "terrain/family.h"

namespace boxwalk {

// Head state (4), [under water, dead], per motor (angle, speed[, contact]), per grasp sensor (touching, holding),
// lidar fractions (10), [lidar surface codes (10)] -- bracketed parts in the Parkour layout only.
int observation_size(ObservationLayout layout, const Body& body);

struct ObservationBounds {
  std::vector<float> low, high;
};
// A family that promises Gymnasium's BipedalWalker declares Gymnasium's bounds (angle +-pi, speed +-5, contact bit
// [-0, 5], lidar [-1, 1]), which its walker can leave. Every other family declares bounds that always hold: +-inf
// for angles (Box2D never wraps them; bodies flip and joints are pushed past their limits), Box2D's per-step caps
// on translation and rotation for the velocities and joint speeds, [0, 1] for flags, contact bits and lidar
// fractions, [-1, 1] for surface codes.
ObservationBounds observation_bounds(const TerrainFamily& family, const Body& body);

}  // namespace boxwalk
