// The "floor" for bench/throughput.py: WalkerEnv::step (Box2D step with Gymnasium's 180/60 iterations + 10 lidar rays
// + the observation) in a plain C++ loop -- no Python, no batch bookkeeping. Worlds are split round-robin over
// plain threads; episodes reset on termination or after max_episode_steps, as in the vector env.
#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "env.h"
#include "rng.h"

namespace py = pybind11;

namespace {

struct FloorResult {
  int64_t steps = 0;
  int64_t resets = 0;
  double reset_seconds = 0.0;
};

FloorResult run_worlds(bool hardcore, int first, int count, int64_t max_steps, double seconds) {
  using clock = std::chrono::steady_clock;
  std::vector<std::unique_ptr<boxwalk::WalkerEnv>> envs;
  std::vector<boxwalk::Pcg64> rngs;
  std::vector<int64_t> elapsed(count, 0);
  std::vector<float> obs_buffer;
  float* obs = nullptr;
  FloorResult result;
  for (int i = 0; i < count; ++i) {
    boxwalk::EnvConfig config;
    config.hardcore = hardcore;
    envs.push_back(std::make_unique<boxwalk::WalkerEnv>(config));
    obs_buffer.resize(static_cast<std::size_t>(envs.back()->obs_size()));
    obs = obs_buffer.data();
    rngs.push_back(boxwalk::Pcg64::from_seed(static_cast<uint64_t>(first + i)));
    envs.back()->reset(rngs.back(), nullptr, nullptr, obs);
  }
  boxwalk::Pcg64 actions = boxwalk::Pcg64::from_seed(12345 + first);
  const auto start = clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  while (clock::now() < deadline) {
    for (int i = 0; i < count; ++i) {
      double a[4];  // the classic biped's four motors
      for (double& v : a) v = static_cast<float>(actions.uniform(-1, 1));
      const boxwalk::StepResult r = envs[i]->step(a, true, obs);
      ++result.steps;
      if (r.terminated || ++elapsed[i] >= max_steps) {
        const auto t0 = clock::now();
        envs[i]->reset(rngs[i], nullptr, nullptr, obs);
        result.reset_seconds += std::chrono::duration<double>(clock::now() - t0).count();
        ++result.resets;
        elapsed[i] = 0;
      }
    }
  }
  return result;
}

}  // namespace

void register_floor_bench(py::module_& m) {
  m.def("bench_floor", [](bool hardcore, int num_worlds, int num_threads, double seconds) {
    const int64_t max_steps = hardcore ? 2000 : 1600;
    std::vector<FloorResult> results(num_threads);
    const auto start = std::chrono::steady_clock::now();
    {
      py::gil_scoped_release nogil;
      std::vector<std::thread> threads;
      const int per_thread = num_worlds / num_threads;
      for (int t = 0; t < num_threads; ++t)
        threads.emplace_back([&, t] {
          const int count = per_thread + (t < num_worlds % num_threads ? 1 : 0);
          results[t] = run_worlds(hardcore, t * (per_thread + 1), count, max_steps, seconds);
        });
      for (auto& th : threads) th.join();
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    FloorResult total;
    for (const auto& r : results) {
      total.steps += r.steps;
      total.resets += r.resets;
      total.reset_seconds += r.reset_seconds;
    }
    py::dict d;
    d["steps_per_second"] = total.steps / wall;
    d["reset_us"] = total.resets ? 1e6 * total.reset_seconds / total.resets : 0.0;
    d["steps"] = total.steps;
    return d;
  }, py::arg("hardcore"), py::arg("num_worlds"), py::arg("num_threads"), py::arg("seconds"),
        "Benchmark floor: plain C++ stepping (see bench/floor.cpp).");
}
