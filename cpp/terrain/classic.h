// Gymnasium's BipedalWalker terrain (`_generate_terrain`): a grass random walk and, in hardcore, stumps, stairs and
// pits, drawn from the numpy-compatible stream in exactly Gymnasium's order.
#pragma once
#include "geometry.h"
#include "rng.h"

namespace boxwalk {

void generate_classic_terrain(Pcg64& rng, bool hardcore, TerrainGeometry& out);

}  // namespace boxwalk
