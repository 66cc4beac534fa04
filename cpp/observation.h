// The observation vector of a walker env: its layout (from the family) and its declared bounds (from the body),
// defined once here; the Python spaces read them through the bindings.
#pragma once
#include <vector>

#include "bodies/body.h"
#include "terrain/family.h"

namespace boxwalk {

// Head state (4), [under water, dead], per motor (angle, speed[, contact]), per grasp sensor (touching, holding),
// lidar fractions (10), [lidar surface codes (10)] -- bracketed parts in the Parkour layout only.
int observation_size(ObservationLayout layout, const Body& body);

// Gymnasium's BipedalWalker bounds in its per-motor convention (angle +-pi, speed +-5, contact bit [-0, 5]), [0, 1]
// for the flags, [-1, 1] for lidar fractions and surface codes.
struct ObservationBounds {
  std::vector<float> low, high;
};
ObservationBounds observation_bounds(ObservationLayout layout, const Body& body);

}  // namespace boxwalk
