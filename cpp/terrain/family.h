// Terrain families: each is one generator (pure geometry, one file) plus one line in family.cpp's table.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "geometry.h"
#include "rng.h"
#include "terrain/cppn.h"

namespace boxwalk {

// What a generator needs besides the task vector and the random stream.
struct TerrainContext {
  bool hardcore = false;                    // "classic": Gymnasium's hardcore obstacles
  std::shared_ptr<const CppnWeights> cppn;  // "parkour": the frozen terrain CPPN
};

using TerrainGenerator = void (*)(const TerrainContext& context, const double* task, Pcg64& rng, TerrainGeometry& out);

struct TerrainFamily {
  std::string name;
  int task_size;
  TerrainGenerator generate;
  // Terrains with large height changes: rendered frames follow the hull vertically (the others keep Gymnasium's
  // fixed vertical view).
  bool camera_follows_y = false;
};

// The family called `name`; throws std::invalid_argument naming the valid ones.
const TerrainFamily& terrain_family(const std::string& name);
const std::vector<TerrainFamily>& terrain_families();

// The generators (one file each).
void generate_classic(const TerrainContext&, const double* task, Pcg64& rng, TerrainGeometry& out);
void generate_stump_tracks(const TerrainContext&, const double* task, Pcg64& rng, TerrainGeometry& out);
void generate_hexagon_tracks(const TerrainContext&, const double* task, Pcg64& rng, TerrainGeometry& out);
void generate_obstacle_course(const TerrainContext&, const double* task, Pcg64& rng, TerrainGeometry& out);
void generate_heightfield(const TerrainContext&, const double* task, Pcg64& rng, TerrainGeometry& out);
void generate_parkour(const TerrainContext&, const double* task, Pcg64& rng, TerrainGeometry& out);

constexpr int kHeightfieldPoints = 200;

}  // namespace boxwalk
