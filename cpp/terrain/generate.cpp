#include "terrain/generate.h"

#include "thread_pool.h"

namespace boxwalk {

std::vector<TerrainGeometry> generate_terrains(const std::string& family, const TerrainContext& context,
                                               const double* tasks, const uint64_t* seeds, int n, int num_threads) {
  const TerrainFamily& f = terrain_family(family);
  std::vector<TerrainGeometry> out(n);
  ThreadPool pool(std::max(1, std::min(num_threads, n)));
  pool.parallel_for(n, [&](int i) {
    Pcg64 rng = Pcg64::from_seed(seeds[i]);
    f.generate(context, tasks + static_cast<std::size_t>(i) * f.task_size, rng, out[i]);
  });
  return out;
}

}  // namespace boxwalk
