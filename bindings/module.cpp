// boxwalk._core: a thin layer over cpp/ -- validate inputs, release the GIL, call the engine.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "batch.h"
#include "boxwalk_box2d_assert.h"
#include "env.h"
#include "rng.h"

namespace py = pybind11;
using boxwalk::Pcg64;
using boxwalk::Pcg64State;
using boxwalk::uint128;
using boxwalk::WalkerEnv;

namespace {

uint128 join128(uint64_t hi, uint64_t lo) { return (static_cast<uint128>(hi) << 64) | lo; }

// numpy's PCG64 state as plain integers: (state_hi, state_lo, inc_hi, inc_lo, has_uint32, uinteger).
using RngTuple = std::tuple<uint64_t, uint64_t, uint64_t, uint64_t, int, uint32_t>;

Pcg64State state_from_tuple(const RngTuple& t) {
  Pcg64State s;
  s.state = join128(std::get<0>(t), std::get<1>(t));
  s.inc = join128(std::get<2>(t), std::get<3>(t));
  s.has_uint32 = std::get<4>(t) != 0;
  s.uinteger = std::get<5>(t);
  return s;
}

RngTuple tuple_from_state(const Pcg64State& s) {
  return {static_cast<uint64_t>(s.state >> 64), static_cast<uint64_t>(s.state), static_cast<uint64_t>(s.inc >> 64),
          static_cast<uint64_t>(s.inc), s.has_uint32 ? 1 : 0, s.uinteger};
}

std::string shape_str(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) s += std::to_string(a.shape(i)) + (a.ndim() == 1 ? "," : (i + 1 < a.ndim() ? ", " : ""));
  return s + ")";
}

// Reads an action of kActionSize values into doubles; returns whether numpy would compute its reward in float32.
bool read_action(const py::array& action, double* out) {
  constexpr int n = WalkerEnv::kActionSize;
  if (action.ndim() != 1 || action.shape(0) != n)
    throw py::value_error("action must have shape (" + std::to_string(n) + ",), got " + shape_str(action));
  const char kind = action.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b')
    throw py::value_error("action must be a real numeric array, got dtype " + py::str(action.dtype()).cast<std::string>());
  const bool is_float32 = action.dtype().is(py::dtype::of<float>());
  if (is_float32) {
    auto a = action.unchecked<float, 1>();
    for (int i = 0; i < n; ++i) out[i] = a(i);
  } else {
    auto converted = py::array_t<double, py::array::forcecast>::ensure(action);
    auto a = converted.unchecked<1>();
    for (int i = 0; i < n; ++i) out[i] = a(i);
  }
  for (int i = 0; i < n; ++i)
    if (!std::isfinite(out[i]))
      throw py::value_error("action[" + std::to_string(i) + "] is " + (std::isnan(out[i]) ? "NaN" : "infinite") +
                            "; actions must be finite");
  return is_float32;
}

py::array_t<float> new_obs() { return py::array_t<float>(WalkerEnv::kObsSize); }

template <typename T>
void check_finite(const T* values, std::size_t n, const char* what) {
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(values[i])) {
      const std::size_t row = i / WalkerEnv::kActionSize, col = i % WalkerEnv::kActionSize;
      throw py::value_error(std::string(what) + "[" + std::to_string(row) + ", " + std::to_string(col) + "] is " +
                            (std::isnan(values[i]) ? "NaN" : "infinite") + "; actions must be finite");
    }
}

// A Batch plus the numpy buffers it writes into (allocated once; every step overwrites them).
struct PyBatch {
  boxwalk::Batch batch;
  py::array_t<float> obs, final_obs;
  py::array_t<double> rewards, episode_return;
  py::array_t<bool> terminated, truncated, final_mask, episode_mask;
  py::array_t<int64_t> episode_length;

  PyBatch(const std::vector<boxwalk::EnvConfig>& configs, int num_threads, int64_t max_steps, int mode)
      : batch(configs, num_threads, max_steps, static_cast<boxwalk::AutoresetMode>(mode)),
        obs({static_cast<py::ssize_t>(configs.size()), py::ssize_t{WalkerEnv::kObsSize}}),
        final_obs({static_cast<py::ssize_t>(configs.size()), py::ssize_t{WalkerEnv::kObsSize}}),
        rewards(configs.size()), episode_return(configs.size()), terminated(configs.size()),
        truncated(configs.size()), final_mask(configs.size()), episode_mask(configs.size()),
        episode_length(configs.size()) {
    std::fill_n(obs.mutable_data(), obs.size(), 0.0f);
    std::fill_n(final_obs.mutable_data(), final_obs.size(), 0.0f);
    std::fill_n(rewards.mutable_data(), rewards.size(), 0.0);
    std::fill_n(episode_return.mutable_data(), episode_return.size(), 0.0);
    std::fill_n(episode_length.mutable_data(), episode_length.size(), 0);
    for (auto* a : {&terminated, &truncated, &final_mask, &episode_mask}) std::fill_n(a->mutable_data(), a->size(), false);
  }

  boxwalk::StepBuffers buffers() {
    return {obs.mutable_data(),        rewards.mutable_data(),        terminated.mutable_data(),
            truncated.mutable_data(),  final_obs.mutable_data(),      final_mask.mutable_data(),
            episode_return.mutable_data(), episode_length.mutable_data(), episode_mask.mutable_data()};
  }
};

}  // namespace

void register_floor_bench(py::module_& m);  // bench/floor.cpp

PYBIND11_MODULE(_core, m) {
  m.doc() = "boxwalk's C++ engine (private; use the boxwalk package).";

  static py::exception<boxwalk::Box2DAssertion> box2d_error(m, "Box2DAssertionError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const boxwalk::Box2DAssertion& e) {
      py::set_error(box2d_error, e.what());
    } catch (const std::logic_error& e) {
      py::set_error(PyExc_RuntimeError, e.what());
    }
  });

  m.attr("OBS_SIZE") = WalkerEnv::kObsSize;
  m.attr("ACTION_SIZE") = WalkerEnv::kActionSize;

  // ---- rng: exposed so tests can compare every call shape with numpy itself ----
  py::class_<Pcg64>(m, "Pcg64", "numpy-compatible PCG64 stream (numpy's random(), uniform(), integers()).")
      .def(py::init([](const RngTuple& t) { return Pcg64(state_from_tuple(t)); }), py::arg("state"))
      .def_static("from_seed", [](uint64_t seed) { return Pcg64::from_seed(seed); }, py::arg("seed"),
                  "The stream of np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed))).")
      .def_property_readonly("state", [](const Pcg64& r) { return tuple_from_state(r.state()); })
      .def("next_uint64", &Pcg64::next_uint64)
      .def("next_uint32", &Pcg64::next_uint32)
      .def("random", [](Pcg64& r, std::size_t n) {
        py::array_t<double> out(n);
        auto o = out.mutable_unchecked<1>();
        for (std::size_t i = 0; i < n; ++i) o(i) = r.random();
        return out;
      }, py::arg("n"))
      .def("uniform", [](Pcg64& r, double low, double high, std::size_t n) {
        py::array_t<double> out(n);
        auto o = out.mutable_unchecked<1>();
        for (std::size_t i = 0; i < n; ++i) o(i) = r.uniform(low, high);
        return out;
      }, py::arg("low"), py::arg("high"), py::arg("n"))
      .def("integers", [](Pcg64& r, int64_t low, int64_t high, std::size_t n) {
        if (high <= low) throw py::value_error("integers: high must be greater than low");
        if (static_cast<uint64_t>(high - low) > 0xffffffffULL)
          throw py::value_error("integers: ranges of 2^32 values or more are not supported");
        py::array_t<int64_t> out(n);
        auto o = out.mutable_unchecked<1>();
        for (std::size_t i = 0; i < n; ++i) o(i) = r.integers(low, high);
        return out;
      }, py::arg("low"), py::arg("high"), py::arg("n"));

  m.def("seed_sequence_state", [](const std::vector<uint32_t>& entropy, std::size_t n_words) {
    return boxwalk::seed_sequence_state(entropy, n_words);
  }, py::arg("entropy"), py::arg("n_words"),
        "SeedSequence(entropy).generate_state(n_words, uint64) for entropy as little-endian 32-bit words.");

  // ---- one environment ----
  py::class_<WalkerEnv>(m, "WalkerEnv")
      .def(py::init([](bool hardcore) { return new WalkerEnv(boxwalk::EnvConfig{hardcore}); }), py::arg("hardcore"))
      .def("reset", [](WalkerEnv& env, const RngTuple& rng_state) {
        Pcg64 rng(state_from_tuple(rng_state));
        py::array_t<float> obs = new_obs();
        float* o = obs.mutable_data();
        {
          py::gil_scoped_release nogil;
          env.reset(rng, o);
        }
        return py::make_tuple(obs, tuple_from_state(rng.state()));
      }, py::arg("rng_state"),
           "Starts an episode from numpy's PCG64 state tuple; returns (obs, rng state after the draws).")
      .def("step", [](WalkerEnv& env, const py::array& action) {
        double a[WalkerEnv::kActionSize];
        const bool f32 = read_action(action, a);
        py::array_t<float> obs = new_obs();
        float* o = obs.mutable_data();
        boxwalk::StepResult r;
        {
          py::gil_scoped_release nogil;
          r = env.step(a, f32, o);
        }
        return py::make_tuple(obs, r.reward, r.terminated);
      }, py::arg("action"))
      .def_property_readonly("has_episode", &WalkerEnv::has_episode)
      .def_property_readonly("hull_position", [](const WalkerEnv& env) {
        const b2Vec2 p = env.hull_position();
        return py::make_tuple(p.x, p.y);
      })
      .def("terrain", [](const WalkerEnv& env) {
        const auto& t = env.terrain();
        py::dict d;
        d["ground_x"] = py::array_t<double>(t.ground_x.size(), t.ground_x.data());
        d["ground_y"] = py::array_t<double>(t.ground_y.size(), t.ground_y.data());
        const auto& verts = t.obstacles.vertices();
        py::array_t<double> v({static_cast<py::ssize_t>(verts.size()), py::ssize_t{2}});
        auto vv = v.mutable_unchecked<2>();
        for (std::size_t i = 0; i < verts.size(); ++i) {
          vv(i, 0) = verts[i].x;
          vv(i, 1) = verts[i].y;
        }
        d["obstacle_vertices"] = v;
        const auto& off = t.obstacles.offsets();
        py::array_t<int64_t> offsets(off.size());
        for (std::size_t i = 0; i < off.size(); ++i) offsets.mutable_at(i) = static_cast<int64_t>(off[i]);
        d["obstacle_offsets"] = offsets;
        d["finish_x"] = t.finish_x;
        return d;
      }, "The current terrain geometry (ground polyline, obstacle polygons, finish line), as numpy arrays.");

  // ---- a batch of environments on a thread pool ----
  py::class_<PyBatch>(m, "Batch")
      .def(py::init([](int num_envs, bool hardcore, int num_threads, int64_t max_episode_steps, int autoreset_mode) {
        if (num_envs < 1) throw py::value_error("num_envs must be >= 1, got " + std::to_string(num_envs));
        if (num_threads < 1) throw py::value_error("num_threads must be >= 1, got " + std::to_string(num_threads));
        if (autoreset_mode < 0 || autoreset_mode > 2) throw py::value_error("autoreset_mode must be 0, 1 or 2");
        std::vector<boxwalk::EnvConfig> configs(num_envs, boxwalk::EnvConfig{hardcore});
        return new PyBatch(configs, num_threads, max_episode_steps, autoreset_mode);
      }), py::arg("num_envs"), py::arg("hardcore"), py::arg("num_threads"), py::arg("max_episode_steps"),
           py::arg("autoreset_mode"))
      .def_property_readonly("num_envs", [](const PyBatch& b) { return b.batch.size(); })
      .def_property_readonly("num_threads", [](const PyBatch& b) { return b.batch.num_threads(); })
      .def_readonly("obs", &PyBatch::obs)
      .def_readonly("rewards", &PyBatch::rewards)
      .def_readonly("terminated", &PyBatch::terminated)
      .def_readonly("truncated", &PyBatch::truncated)
      .def_readonly("final_obs", &PyBatch::final_obs)
      .def_readonly("final_mask", &PyBatch::final_mask)
      .def_readonly("episode_return", &PyBatch::episode_return)
      .def_readonly("episode_length", &PyBatch::episode_length)
      .def_readonly("episode_mask", &PyBatch::episode_mask)
      .def("reset", [](PyBatch& b, std::optional<py::array_t<bool>> mask,
                       std::optional<py::array_t<bool>> has_seed, std::optional<py::array_t<uint64_t>> seeds) {
        const py::ssize_t n = b.batch.size();
        for (const auto* a : {&mask, &has_seed})
          if (*a && ((*a)->ndim() != 1 || (*a)->shape(0) != n))
            throw py::value_error("reset masks must have shape (" + std::to_string(n) + ",)");
        if (seeds && (seeds->ndim() != 1 || seeds->shape(0) != n))
          throw py::value_error("seeds must have shape (" + std::to_string(n) + ",)");
        if (has_seed.has_value() != seeds.has_value()) throw py::value_error("has_seed and seeds go together");
        const bool* m = mask ? mask->data() : nullptr;
        const bool* h = has_seed ? has_seed->data() : nullptr;
        const uint64_t* s = seeds ? seeds->data() : nullptr;
        float* o = b.obs.mutable_data();
        py::gil_scoped_release nogil;
        b.batch.reset(m, h, s, o);
      }, py::arg("mask") = py::none(), py::arg("has_seed") = py::none(), py::arg("seeds") = py::none(),
           "Resets the masked envs (all by default), reseeding those with has_seed; observations go to .obs")
      .def("step", [](PyBatch& b, const py::array& actions) {
        const py::ssize_t n = b.batch.size();
        constexpr int k = WalkerEnv::kActionSize;
        if (actions.ndim() != 2 || actions.shape(0) != n || actions.shape(1) != k)
          throw py::value_error("actions must have shape (" + std::to_string(n) + ", " + std::to_string(k) +
                                "), got " + shape_str(actions));
        const char kind = actions.dtype().kind();
        if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b')
          throw py::value_error("actions must be a real numeric array, got dtype " +
                                py::str(actions.dtype()).cast<std::string>());
        const bool f32 = actions.dtype().is(py::dtype::of<float>());
        py::array contiguous = f32 ? py::array(py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(actions))
                                   : py::array(py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(actions));
        const std::size_t count = static_cast<std::size_t>(n) * k;
        if (f32) check_finite(static_cast<const float*>(contiguous.data()), count, "actions");
        else check_finite(static_cast<const double*>(contiguous.data()), count, "actions");
        const void* data = contiguous.data();
        boxwalk::StepBuffers out = b.buffers();
        py::gil_scoped_release nogil;
        b.batch.step(data, f32, out);
      }, py::arg("actions"), "Steps every env; results go to the buffers (.obs, .rewards, ...).")
      .def("terrain", [](const PyBatch& b, int i) {
        if (i < 0 || i >= b.batch.size()) throw py::index_error("env index out of range");
        return b.batch.env(i).terrain().ground_y;
      }, py::arg("index"), "Ground heights of env i's current terrain.");

  register_floor_bench(m);

  m.def("_debug_box2d_assert", [] {
    py::gil_scoped_release nogil;
    b2PolygonShape shape;
    b2Vec2 collinear[3] = {b2Vec2(0, 0), b2Vec2(1, 0), b2Vec2(2, 0)};
    shape.Set(collinear, 3);  // degenerate hull: trips a b2Assert inside Box2D
  }, "Test hook: makes Box2D fail one of its own assertions (raises Box2DAssertionError).");
}
