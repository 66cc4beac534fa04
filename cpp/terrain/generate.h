// Batched terrain generation (no physics): for tests, plots and teachers that look at terrains.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "terrain/family.h"

namespace boxwalk {

// Terrain i is what an env of this family builds at reset(seed=seeds[i]) with task i (tasks is n x task_size).
std::vector<TerrainGeometry> generate_terrains(const std::string& family, const TerrainContext& context,
                                               const double* tasks, const uint64_t* seeds, int n, int num_threads);

}  // namespace boxwalk
