// Gymnasium's decorative clouds. They matter for physics only through the 110 draws they consume between the
// terrain and the spawn force, so a port that wants the same stream must make them too.
#pragma once
#include "geometry.h"
#include "rng.h"

namespace boxwalk {

// Ten 5-vertex cloud polygons, drawn exactly as Gymnasium's `_generate_clouds`.
void generate_clouds(Pcg64& rng, PolygonList& out);

}  // namespace boxwalk
