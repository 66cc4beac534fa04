// boxwalk._core: a thin layer over cpp/ -- validate inputs, release the GIL, call the engine.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "batch.h"
#include "bodies/registry.h"
#include "box2d_script.h"
#include "boxwalk_box2d_assert.h"
#include "env.h"
#include "render/scene.h"
#include "rng.h"
#include "terrain/generate.h"

namespace py = pybind11;
using boxwalk::CppnWeights;
using boxwalk::EnvConfig;
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

// n draws of fn() as a numpy array (the rng bindings compare whole call shapes with numpy).
template <typename T, typename F>
py::array_t<T> draws(std::size_t n, F&& fn) {
  py::array_t<T> out(n);
  auto o = out.template mutable_unchecked<1>();
  for (std::size_t i = 0; i < n; ++i) o(i) = fn();
  return out;
}

template <typename T>
void check_finite(const T* values, std::size_t n, std::size_t row_size, const char* what) {
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(values[i])) {
      std::string where = row_size > 0 ? std::to_string(i / row_size) + ", " + std::to_string(i % row_size)
                                       : std::to_string(i);
      throw py::value_error(std::string(what) + "[" + where + "] is " + (std::isnan(values[i]) ? "NaN" : "infinite") +
                            "; values must be finite");
    }
}

void check_numeric(const py::array& a, const char* what) {
  const char kind = a.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b')
    throw py::value_error(std::string(what) + " must be a real numeric array, got dtype " +
                          py::str(a.dtype()).cast<std::string>());
}

// Reads an action of n values into doubles; returns whether numpy would compute its reward in float32.
bool read_action(const py::array& action, int n, double* out) {
  if (action.ndim() != 1 || action.shape(0) != n)
    throw py::value_error("action must have shape (" + std::to_string(n) + ",), got " + shape_str(action));
  check_numeric(action, "action");
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

using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::vector<double> to_vector(const Doubles& a) { return std::vector<double>(a.data(), a.data() + a.size()); }

EnvConfig make_config(const std::string& family, const std::string& body, bool hardcore,
                      std::shared_ptr<const CppnWeights> cppn, const Doubles& task_low, const Doubles& task_high) {
  EnvConfig c;
  c.family = family;
  c.body = body;
  c.hardcore = hardcore;
  c.cppn = std::move(cppn);
  c.task_low = to_vector(task_low);
  c.task_high = to_vector(task_high);
  return c;
}

// The caller's frame buffer after checking it (uint8, C-contiguous, writeable, `shape`), or a new one.
py::array_t<uint8_t> frame_buffer(const std::optional<py::array>& out, const std::vector<py::ssize_t>& shape) {
  if (!out) return py::array_t<uint8_t>(shape);
  const py::array& a = *out;
  std::string want = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) want += std::to_string(shape[i]) + (i + 1 < shape.size() ? ", " : ")");
  bool same = a.ndim() == static_cast<py::ssize_t>(shape.size());
  for (std::size_t i = 0; same && i < shape.size(); ++i) same = a.shape(i) == shape[i];
  if (!same) throw py::value_error("out must have shape " + want + ", got " + shape_str(a));
  if (!a.dtype().is(py::dtype::of<uint8_t>()))
    throw py::value_error("out must have dtype uint8, got " + py::str(a.dtype()).cast<std::string>());
  if (!(a.flags() & py::array::c_style)) throw py::value_error("out must be C-contiguous");
  if (!a.writeable()) throw py::value_error("out must be writeable");
  return py::array_t<uint8_t>::ensure(a);
}

template <typename T>
py::array_t<T> vector_array(const std::vector<T>& v) {
  return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

py::array_t<double> polygons_vertices(const boxwalk::PolygonList& list) {
  const auto& verts = list.vertices();
  py::array_t<double> v({static_cast<py::ssize_t>(verts.size()), py::ssize_t{2}});
  auto vv = v.mutable_unchecked<2>();
  for (std::size_t i = 0; i < verts.size(); ++i) {
    vv(i, 0) = verts[i].x;
    vv(i, 1) = verts[i].y;
  }
  return v;
}

py::array_t<int64_t> polygons_offsets(const boxwalk::PolygonList& list) {
  const auto& off = list.offsets();
  py::array_t<int64_t> offsets(static_cast<py::ssize_t>(off.size()));
  for (std::size_t i = 0; i < off.size(); ++i) offsets.mutable_at(i) = static_cast<int64_t>(off[i]);
  return offsets;
}

py::tuple bounds_tuple(const boxwalk::ObservationBounds& b) {
  return py::make_tuple(vector_array(b.low), vector_array(b.high));
}

const char* observation_name(boxwalk::ObservationLayout layout) {
  return layout == boxwalk::ObservationLayout::kParkour ? "parkour" : "classic";
}

// _core.FAMILIES: every family's declared rules, name -> {field: value}.
py::dict families_dict() {
  py::dict out;
  for (const boxwalk::TerrainFamily& f : boxwalk::terrain_families()) {
    py::dict d;
    d["task_size"] = f.task_size;
    d["observation"] = observation_name(f.observation);
    d["bodies"] = f.body_names();
    d["reuse_world"] = f.reuse_world;
    d["needs_cppn"] = f.needs_cppn;
    d["takes_hardcore"] = f.takes_hardcore;
    d["head_contact_critical"] = f.head_contact_critical;
    d["survival_limit"] = f.survival_limit;
    d["time_limit"] = f.time_limit;
    d["hardcore_time_limit"] = f.hardcore_time_limit;
    d["camera_follows_y"] = f.camera_follows_y;
    out[py::str(f.name)] = d;
  }
  return out;
}

py::dict terrain_dict(const boxwalk::TerrainGeometry& t) {
  py::dict d;
  d["ground_x"] = vector_array(t.ground_x);
  d["ground_y"] = vector_array(t.ground_y);
  d["obstacle_vertices"] = polygons_vertices(t.obstacles);
  d["obstacle_offsets"] = polygons_offsets(t.obstacles);
  d["ceiling_y"] = vector_array(t.ceiling_y);
  d["creeper_vertices"] = polygons_vertices(t.creepers);
  d["creeper_offsets"] = polygons_offsets(t.creepers);
  d["water_y"] = t.has_water ? py::cast(t.water_y) : py::none();
  d["water_floor"] = t.has_water ? py::cast(t.water_floor) : py::none();
  d["finish_x"] = t.finish_x;
  return d;
}

// The numpy arrays one call's results are written into (allocated once; every call overwrites them).
struct StepBuffers {
  py::array_t<float> obs, final_obs;
  py::array_t<double> rewards, episode_return, tasks, episode_tasks;
  py::array_t<bool> terminated, truncated, final_mask, episode_mask, started;
  py::array_t<int64_t> episode_length;
  py::array_t<int64_t> level_seeds, episode_level_seeds;

  StepBuffers(py::ssize_t n, py::ssize_t o, py::ssize_t d)
      : obs(zeros<float>({n, o})), final_obs(zeros<float>({n, o})), rewards(zeros<double>({n})),
        episode_return(zeros<double>({n})), tasks(zeros<double>({n, d})), episode_tasks(zeros<double>({n, d})),
        terminated(zeros<bool>({n})), truncated(zeros<bool>({n})), final_mask(zeros<bool>({n})),
        episode_mask(zeros<bool>({n})), started(zeros<bool>({n})), episode_length(zeros<int64_t>({n})),
        level_seeds(zeros<int64_t>({n})), episode_level_seeds(zeros<int64_t>({n})) {}

  template <typename T>
  static py::array_t<T> zeros(std::vector<py::ssize_t> shape) {
    py::array_t<T> a(shape);
    std::fill_n(a.mutable_data(), a.size(), T{});
    return a;
  }

  boxwalk::BatchBuffers view() {
    return {obs.mutable_data(),          rewards.mutable_data(),        terminated.mutable_data(),
            truncated.mutable_data(),    final_obs.mutable_data(),      final_mask.mutable_data(),
            episode_return.mutable_data(), episode_length.mutable_data(), episode_mask.mutable_data(),
            tasks.mutable_data(),        episode_tasks.mutable_data(),  started.mutable_data(),
            level_seeds.mutable_data(),  episode_level_seeds.mutable_data()};
  }
};

// A Batch plus its buffers: `full` (row i = env i; what reset and step return) and `received` (the first rows hold
// the envs the last recv returned, in `received_ids` order).
struct PyBatch {
  boxwalk::Batch batch;
  StepBuffers full, received;
  py::array_t<int64_t> received_ids;

  PyBatch(const std::vector<EnvConfig>& configs, int num_threads, int64_t max_steps, int mode)
      : batch(configs, num_threads, max_steps, static_cast<boxwalk::AutoresetMode>(mode)),
        full(batch.size(), batch.obs_size(), batch.task_size()),
        received(batch.size(), batch.obs_size(), batch.task_size()),
        received_ids(StepBuffers::zeros<int64_t>({batch.size()})) {}

  // The background workers write into `full`: stop them before the buffers go.
  ~PyBatch() {
    py::gil_scoped_release nogil;
    batch.stop_async();
  }

  boxwalk::BatchBuffers buffers() { return full.view(); }
};

// Actions as a C-contiguous float32 or float64 array of `rows` x action_size finite values (ValueError otherwise).
py::array checked_actions(const boxwalk::Batch& batch, const py::array& actions, py::ssize_t rows) {
  const int k = batch.action_size();
  if (actions.ndim() != 2 || actions.shape(0) != rows || actions.shape(1) != k)
    throw py::value_error("actions must have shape (" + std::to_string(rows) + ", " + std::to_string(k) +
                          "), got " + shape_str(actions));
  check_numeric(actions, "actions");
  const bool f32 = actions.dtype().is(py::dtype::of<float>());
  py::array contiguous = f32 ? py::array(py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(actions))
                             : py::array(py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(actions));
  const std::size_t count = static_cast<std::size_t>(rows) * static_cast<std::size_t>(k);
  if (f32) check_finite(static_cast<const float*>(contiguous.data()), count, k, "actions");
  else check_finite(static_cast<const double*>(contiguous.data()), count, k, "actions");
  return contiguous;
}

using Ids = py::array_t<int64_t, py::array::c_style | py::array::forcecast>;

}  // namespace

void register_floor_bench(py::module_& m);  // bench/floor.cpp

// Test and benchmark hooks, kept out of the public module: _core._testing.
void register_testing(py::module_& m) {
  // ---- rng: exposed so tests can compare every call shape with numpy itself ----
  py::class_<Pcg64>(m, "Pcg64", "numpy-compatible PCG64 stream (numpy's random(), uniform(), integers()).")
      .def(py::init([](const RngTuple& t) { return Pcg64(state_from_tuple(t)); }), py::arg("state"))
      .def_static("from_seed", [](uint64_t seed) { return Pcg64::from_seed(seed); }, py::arg("seed"),
                  "The stream of np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed))).")
      .def_property_readonly("state", [](const Pcg64& r) { return tuple_from_state(r.state()); })
      .def("next_uint64", &Pcg64::next_uint64)
      .def("next_uint32", &Pcg64::next_uint32)
      .def("random", [](Pcg64& r, std::size_t n) { return draws<double>(n, [&] { return r.random(); }); },
           py::arg("n"))
      .def("uniform", [](Pcg64& r, double low, double high, std::size_t n) {
        return draws<double>(n, [&] { return r.uniform(low, high); });
      }, py::arg("low"), py::arg("high"), py::arg("n"))
      .def("normal", [](Pcg64& r, double mean, double std, std::size_t n) {
        return draws<double>(n, [&] { return r.normal(mean, std); });
      }, py::arg("mean"), py::arg("std"), py::arg("n"))
      .def("integers", [](Pcg64& r, int64_t low, int64_t high, std::size_t n) {
        if (high <= low) throw py::value_error("integers: high must be greater than low");
        if (static_cast<uint64_t>(high - low) > 0xffffffffULL)
          throw py::value_error("integers: ranges of 2^32 values or more are not supported");
        return draws<int64_t>(n, [&] { return r.integers(low, high); });
      }, py::arg("low"), py::arg("high"), py::arg("n"));

  m.def("seed_sequence_state", [](const std::vector<uint32_t>& entropy, std::size_t n_words) {
    return boxwalk::seed_sequence_state(entropy, n_words);
  }, py::arg("entropy"), py::arg("n_words"),
        "SeedSequence(entropy).generate_state(n_words, uint64) for entropy as little-endian 32-bit words.");

  static const std::map<std::string, boxwalk::CppnIsa> isas = {
      {"baseline", boxwalk::CppnIsa::kBaseline}, {"avx2", boxwalk::CppnIsa::kAvx2},
      {"avx512f", boxwalk::CppnIsa::kAvx512}};
  m.def("cppn_curves", [](const CppnWeights& w, const Doubles& v, double scale, const std::string& isa) {
    if (v.size() != 3) throw py::value_error("the CPPN input vector has 3 values");
    if (!(scale > 0) || !std::isfinite(scale)) throw py::value_error("scale must be positive and finite");
    boxwalk::CppnIsa chosen = boxwalk::cppn_best_isa();
    if (!isa.empty()) {
      auto it = isas.find(isa);
      if (it == isas.end()) throw py::value_error("isa must be '', 'baseline', 'avx2' or 'avx512f', got '" + isa + "'");
      chosen = it->second;
    }
    py::array_t<double> ground(CppnWeights::kPoints), ceiling(CppnWeights::kPoints);
    double* g = ground.mutable_data();
    double* c = ceiling.mutable_data();
    const double* vv = v.data();
    {
      py::gil_scoped_release nogil;
      boxwalk::cppn_curves(w, vv, scale, g, c, chosen);
    }
    return py::make_tuple(ground, ceiling);
  }, py::arg("weights"), py::arg("v"), py::arg("scale"), py::arg("isa") = "",
        "CPPN ground and ceiling (200 points each), / scale; isa picks the kernel ('' = the best this CPU has).");

  m.def("cppn_isas", [] {
    std::vector<std::string> out;
    for (const auto& [name, isa] : isas)
      if (boxwalk::cppn_isa_supported(isa)) out.push_back(name);
    return out;
  }, "The CPPN kernels this CPU can run.");

  m.def("cppn_activation", [](const std::string& which, const py::array_t<float, py::array::c_style | py::array::forcecast>& x) {
    if (which != "tanh" && which != "softplus") throw py::value_error("which must be 'tanh' or 'softplus'");
    py::array_t<float> out(x.size());
    const float* in = x.data();
    float* o = out.mutable_data();
    const auto n = static_cast<std::size_t>(x.size());
    {
      py::gil_scoped_release nogil;
      boxwalk::cppn_activations(which == "tanh" ? boxwalk::CppnActivation::kTanh : boxwalk::CppnActivation::kSoftplus,
                                in, o, n);
    }
    return out;
  }, py::arg("which"), py::arg("x"), "The CPPN's elementwise tanh or softplus of float32 values (flattened).");

  m.def("box2d_assert", [] {
    py::gil_scoped_release nogil;
    b2PolygonShape shape;
    b2Vec2 collinear[3] = {b2Vec2(0, 0), b2Vec2(1, 0), b2Vec2(2, 0)};
    shape.Set(collinear, 3);  // degenerate hull: trips a b2Assert inside Box2D
  }, "Makes Box2D fail one of its own assertions (raises Box2DAssertionError).");

  m.def("box2d_script", [](const std::vector<std::pair<std::string, std::vector<double>>>& ops) {
    std::vector<boxwalk::Box2DOp> script;
    script.reserve(ops.size());
    for (const auto& [op, args] : ops) script.push_back({op, args});
    std::vector<float> states;
    {
      py::gil_scoped_release nogil;
      states = boxwalk::run_box2d_script(script);
    }
    py::array_t<float> out(states.size());
    std::copy(states.begin(), states.end(), out.mutable_data());
    return out;
  }, py::arg("ops"),
        "Runs (op, args) world operations in this build's Box2D (cpp/box2d_script.h) and returns every live body's "
        "x, y, angle, vx, vy, w after every step, flattened (float32).");

  using Points = py::array_t<double, py::array::c_style | py::array::forcecast>;
  auto polygon = [](const Points& p, const char* what) {
    if (p.ndim() != 2 || p.shape(1) != 2 || p.shape(0) < 3 || p.shape(0) > b2_maxPolygonVertices)
      throw py::value_error(std::string(what) + ": a polygon is an (n, 2) array with 3 <= n <= 8");
    std::vector<boxwalk::Vec2d> v(static_cast<std::size_t>(p.shape(0)));
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = {p.data()[2 * i], p.data()[2 * i + 1]};
    if (!boxwalk::box2d_accepts_polygon(v.data(), v.size()))
      throw py::value_error(std::string(what) + ": Box2D rejects this polygon (degenerate or too small)");
    return v;
  };
  auto rays_of = [](const Doubles& rays) {
    if (rays.ndim() != 2 || rays.shape(1) != 4) throw py::value_error("rays: an (m, 4) array of x1, y1, x2, y2");
    return rays.shape(0);
  };

  m.def("polygon_ray", [=](const Points& vertices, const Doubles& rays, const Doubles& clips) {
    const py::ssize_t n = rays_of(rays);
    if (clips.ndim() != 1 || clips.shape(0) != n) throw py::value_error("clips: one per ray");
    const std::vector<boxwalk::Vec2d> v = polygon(vertices, "vertices");
    b2Vec2 fv[b2_maxPolygonVertices];
    for (std::size_t i = 0; i < v.size(); ++i) fv[i].Set(static_cast<float32>(v[i].x), static_cast<float32>(v[i].y));
    b2PolygonShape shape;
    shape.Set(fv, static_cast<int32>(v.size()));
    b2Transform identity;
    identity.SetIdentity();
    py::array_t<int8_t> kind(n);
    py::array_t<float> fraction(n), box2d_fraction(n);
    py::array_t<bool> box2d_hit(n);
    const double* r = rays.data();
    for (py::ssize_t i = 0; i < n; ++i) {
      b2RayCastInput input;
      input.p1.Set(static_cast<float32>(r[4 * i]), static_cast<float32>(r[4 * i + 1]));
      input.p2.Set(static_cast<float32>(r[4 * i + 2]), static_cast<float32>(r[4 * i + 3]));
      input.maxFraction = static_cast<float32>(clips.data()[i]);
      float32 f = std::nanf("");
      kind.mutable_data()[i] = static_cast<int8_t>(boxwalk::polygon_ray(shape, identity, input.p1, input.p2, &f));
      fraction.mutable_data()[i] = f;
      b2RayCastOutput output;
      box2d_hit.mutable_data()[i] = shape.RayCast(&output, input, identity, 0);
      box2d_fraction.mutable_data()[i] = box2d_hit.data()[i] ? output.fraction : std::nanf("");
    }
    return py::make_tuple(kind, fraction, box2d_hit, box2d_fraction);
  }, py::arg("vertices"), py::arg("rays"), py::arg("clips"),
        "Per ray: boxwalk's polygon_ray (kind 0 hit, 1 miss, 2 graze; fraction) and Box2D's "
        "b2PolygonShape::RayCast with maxFraction = clip (hit, fraction).");

  m.def("lidar_scene", [=](const Doubles& ground_x, const Doubles& ground_y, const std::vector<Points>& obstacles,
                           const std::vector<Points>& creepers, const Doubles& rays, std::optional<Doubles> ceiling_y,
                           std::optional<std::pair<double, double>> water) {
    const py::ssize_t n = rays_of(rays);
    if (ground_x.ndim() != 1 || ground_x.shape(0) < 2 || ground_y.ndim() != 1 || ground_y.shape(0) != ground_x.shape(0))
      throw py::value_error("ground_x and ground_y: two 1-D arrays of the same length >= 2");
    boxwalk::TerrainGeometry g;
    g.ground_x.assign(ground_x.data(), ground_x.data() + ground_x.shape(0));
    g.ground_y.assign(ground_y.data(), ground_y.data() + ground_y.shape(0));
    for (const auto& p : obstacles) {
      const auto v = polygon(p, "obstacles");
      g.obstacles.add(v.data(), v.size());
    }
    for (const auto& p : creepers) {
      const auto v = polygon(p, "creepers");
      g.creepers.add(v.data(), v.size());
    }
    if (ceiling_y) {
      if (ceiling_y->ndim() != 1 || ceiling_y->shape(0) != ground_x.shape(0))
        throw py::value_error("ceiling_y: one height per ground_x");
      g.ceiling_y.assign(ceiling_y->data(), ceiling_y->data() + ceiling_y->shape(0));
    }
    if (water) {
      if (!(water->first < water->second)) throw py::value_error("water: (floor, surface) with floor < surface");
      g.has_water = true;
      g.water_floor = water->first;
      g.water_y = water->second;
    }
    py::array_t<bool> indexed(n);
    py::array_t<float> via_index({n, py::ssize_t{2}}), via_tree({n, py::ssize_t{2}});
    b2World world(b2Vec2(0.0f, -10.0f));
    boxwalk::TerrainBodies bodies;
    bodies.create(world, g, 2.5f);
    const double* r = rays.data();
    for (py::ssize_t i = 0; i < n; ++i) {
      const b2Vec2 p1(static_cast<float32>(r[4 * i]), static_cast<float32>(r[4 * i + 1]));
      const b2Vec2 p2(static_cast<float32>(r[4 * i + 2]), static_cast<float32>(r[4 * i + 3]));
      boxwalk::LidarHit a{std::nanf(""), std::nanf("")};
      indexed.mutable_data()[i] = bodies.lidar_index().cast(p1, p2, &a);
      const boxwalk::LidarHit b = boxwalk::lidar_ray_tree(world, p1, p2, boxwalk::kTerrainCategory);
      via_index.mutable_data()[2 * i] = a.fraction;
      via_index.mutable_data()[2 * i + 1] = a.surface;
      via_tree.mutable_data()[2 * i] = b.fraction;
      via_tree.mutable_data()[2 * i + 1] = b.surface;
    }
    bodies.destroy(world);
    return py::make_tuple(indexed, via_index, via_tree);
  }, py::arg("ground_x"), py::arg("ground_y"), py::arg("obstacles"), py::arg("creepers"), py::arg("rays"),
        py::arg("ceiling_y") = py::none(), py::arg("water") = py::none(),
        "Rays against a terrain (ground and ceiling edges, solid obstacles, creeper sensors, a water sensor of "
        "(floor, surface) across it): per ray, whether the lidar index answered it, its (fraction, surface) and "
        "b2World::RayCast's.");

  register_floor_bench(m);
}

PYBIND11_MODULE(_core, m) {
  m.doc() = "boxwalk's C++ engine (private; use the boxwalk package).";

  static py::exception<boxwalk::Box2DAssertion> box2d_error(m, "Box2DAssertionError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const boxwalk::Box2DAssertion& e) {
      py::set_error(box2d_error, e.what());
    } catch (const std::invalid_argument& e) {
      py::set_error(PyExc_ValueError, e.what());
    } catch (const std::out_of_range& e) {
      py::set_error(PyExc_IndexError, e.what());
    } catch (const std::logic_error& e) {
      py::set_error(PyExc_RuntimeError, e.what());
    }
  });

  py::dict bodies;  // name -> kind
  for (const auto& entry : boxwalk::body_registry()) {
    const char* kinds[] = {"walker", "swimmer", "climber", "amphibian"};
    bodies[py::str(entry.name)] = kinds[static_cast<int>(entry.kind)];
  }
  m.attr("BODIES") = bodies;
  m.attr("FAMILIES") = families_dict();
  m.def("check_body", [](const std::string& family, const std::string& body) {
    boxwalk::terrain_family(family).check_body(body);
  }, py::arg("family"), py::arg("body"), "ValueError naming the valid bodies unless `family` takes `body`.");

  // ---- the Parkour CPPN ----
  py::class_<CppnWeights, std::shared_ptr<CppnWeights>>(m, "CppnWeights")
      .def(py::init([](py::array_t<float, py::array::c_style | py::array::forcecast> w0,
                       py::array_t<float, py::array::c_style | py::array::forcecast> w1,
                       py::array_t<float, py::array::c_style | py::array::forcecast> w2,
                       py::array_t<float, py::array::c_style | py::array::forcecast> w3,
                       py::array_t<float, py::array::c_style | py::array::forcecast> w4) {
        auto w = std::make_shared<CppnWeights>();
        auto copy = [](const py::array_t<float, py::array::c_style | py::array::forcecast>& a) {
          return std::vector<float>(a.data(), a.data() + a.size());
        };
        const std::pair<py::ssize_t, py::ssize_t> shapes[5] = {{4, 64}, {64, 64}, {64, 64}, {64, 64}, {64, 2}};
        const py::array_t<float, py::array::c_style | py::array::forcecast>* arrays[5] = {&w0, &w1, &w2, &w3, &w4};
        for (int i = 0; i < 5; ++i)
          if (arrays[i]->ndim() != 2 || arrays[i]->shape(0) != shapes[i].first || arrays[i]->shape(1) != shapes[i].second)
            throw py::value_error("CPPN weight w" + std::to_string(i) + " must have shape (" +
                                  std::to_string(shapes[i].first) + ", " + std::to_string(shapes[i].second) +
                                  "), got " + shape_str(*arrays[i]));
        w->w0 = copy(w0);
        w->w1 = copy(w1);
        w->w2 = copy(w2);
        w->w3 = copy(w3);
        w->w4 = copy(w4);
        w->validate();
        return w;
      }), py::arg("w0"), py::arg("w1"), py::arg("w2"), py::arg("w3"), py::arg("w4"));

  // ---- terrains without physics ----
  m.def("generate_terrains", [](const std::string& family, bool hardcore, std::shared_ptr<const CppnWeights> cppn,
                                const Doubles& tasks, py::array_t<uint64_t, py::array::c_style | py::array::forcecast> seeds,
                                int num_threads) {
    const auto& f = boxwalk::terrain_family(family);
    if (tasks.ndim() != 2 || tasks.shape(1) != f.task_size)
      throw py::value_error("tasks must have shape (n, " + std::to_string(f.task_size) + "), got " + shape_str(tasks));
    if (seeds.ndim() != 1 || seeds.shape(0) != tasks.shape(0))
      throw py::value_error("seeds must have " + std::to_string(tasks.shape(0)) + " values (one per task), got shape " +
                            shape_str(seeds));
    if (num_threads < 1) throw py::value_error("num_threads must be >= 1, got " + std::to_string(num_threads));
    boxwalk::TerrainContext context{hardcore, cppn};
    boxwalk::check_context(f, context);
    std::vector<boxwalk::TerrainGeometry> out;
    const double* t = tasks.data();
    const uint64_t* s = seeds.data();
    const int n = static_cast<int>(tasks.shape(0));
    {
      py::gil_scoped_release nogil;
      out = boxwalk::generate_terrains(family, context, t, s, n, num_threads);
    }
    py::list result;
    for (const auto& g : out) result.append(terrain_dict(g));
    return result;
  }, py::arg("family"), py::arg("hardcore"), py::arg("cppn"), py::arg("tasks"), py::arg("seeds"), py::arg("num_threads"));

  // ---- one environment ----
  py::class_<WalkerEnv>(m, "WalkerEnv")
      .def(py::init([](const std::string& family, bool hardcore, std::shared_ptr<const CppnWeights> cppn,
                       const Doubles& task_low, const Doubles& task_high, const std::string& body) {
        return new WalkerEnv(make_config(family, body, hardcore, std::move(cppn), task_low, task_high));
      }), py::arg("family"), py::arg("hardcore"), py::arg("cppn"), py::arg("task_low"), py::arg("task_high"),
           py::arg("body") = "old_classic_bipedal")
      .def_property_readonly("obs_size", &WalkerEnv::obs_size)
      .def_property_readonly("action_size", &WalkerEnv::action_size)
      .def_property_readonly("motor_contacts", [](const WalkerEnv& env) { return env.body().motor_contacts(); },
                             "Per motor (action order): whether its observed state ends with a contact bit.")
      .def_property_readonly("grasp_sensors", [](const WalkerEnv& env) { return env.body().grasp_sensor_count(); },
                             "Climbers' grasp sensors: the last action dimensions, two observed flags each.")
      .def_property_readonly("task_size", &WalkerEnv::task_size)
      .def_property_readonly("observation_bounds", [](const WalkerEnv& env) {
        return bounds_tuple(env.observation_bounds());
      }, "(low, high) float32 arrays: the declared bounds of every observation value.")
      .def("seed_task_sampler", &WalkerEnv::seed_task_sampler, py::arg("seed"))
      .def("reset", [](WalkerEnv& env, const RngTuple& rng_state, std::optional<Doubles> task,
                       std::optional<uint64_t> level_seed) {
        if (task) {
          if (task->ndim() != 1 || task->shape(0) != env.task_size())
            throw py::value_error("task must have shape (" + std::to_string(env.task_size()) + ",), got " +
                                  shape_str(*task));
          check_finite(task->data(), task->size(), 0, "task");
        }
        Pcg64 rng(state_from_tuple(rng_state));
        py::array_t<float> obs(env.obs_size());
        float* o = obs.mutable_data();
        const double* t = task ? task->data() : nullptr;
        {
          py::gil_scoped_release nogil;
          env.reset(rng, t, level_seed ? &*level_seed : nullptr, o);
        }
        return py::make_tuple(obs, tuple_from_state(rng.state()), env.level_seed());
      }, py::arg("rng_state"), py::arg("task") = py::none(), py::arg("level_seed") = py::none(),
           "Starts an episode from numpy's PCG64 state tuple (on level_seed when given, families with tasks); "
           "returns (obs, rng state after the draws, the episode's level seed).")
      .def("step", [](WalkerEnv& env, const py::array& action) {
        std::vector<double> a(static_cast<std::size_t>(env.action_size()));
        const bool f32 = read_action(action, env.action_size(), a.data());
        py::array_t<float> obs(env.obs_size());
        float* o = obs.mutable_data();
        boxwalk::StepResult r;
        {
          py::gil_scoped_release nogil;
          r = env.step(a.data(), f32, o);
        }
        return py::make_tuple(obs, r.reward, r.terminated);
      }, py::arg("action"))
      .def("_lidar_both_ways", [](const WalkerEnv& env) {
        if (!env.has_episode()) throw py::value_error("no lidar before reset()");
        boxwalk::LidarHit indexed[WalkerEnv::kLidarRays], tree[WalkerEnv::kLidarRays];
        env.lidar_both_ways(indexed, tree);
        py::array_t<float> out({py::ssize_t{2}, py::ssize_t{WalkerEnv::kLidarRays}, py::ssize_t{2}});
        for (int i = 0; i < WalkerEnv::kLidarRays; ++i) {
          out.mutable_at(0, i, 0) = indexed[i].fraction;
          out.mutable_at(0, i, 1) = indexed[i].surface;
          out.mutable_at(1, i, 0) = tree[i].fraction;
          out.mutable_at(1, i, 1) = tree[i].surface;
        }
        return out;
      }, "Tests: the lidar's (fraction, surface) per ray through its index and through b2World::RayCast.")
      .def_property_readonly("has_episode", &WalkerEnv::has_episode)
      .def_property_readonly("task", [](const WalkerEnv& env) { return vector_array(env.task()); })
      .def_property_readonly("hull_position", [](const WalkerEnv& env) {
        const b2Vec2 p = env.hull_position();
        return py::make_tuple(p.x, p.y);
      })
      .def("terrain", [](const WalkerEnv& env) { return terrain_dict(env.terrain()); },
           "The current terrain geometry as numpy arrays.")
      .def_property_readonly("dead", &WalkerEnv::dead)
      .def("held", [](const WalkerEnv& env) {
        py::list out;
        for (int i = 0; i < env.grasp_sensors(); ++i) {
          const boxwalk::Surface s = env.held_surface(i);
          out.append(s == boxwalk::Surface::Ceiling ? py::object(py::str("ceiling"))
                     : s == boxwalk::Surface::Creeper ? py::object(py::str("creeper")) : py::object(py::none()));
        }
        return out;
      }, "Per grasp sensor: 'ceiling' or 'creeper' while it holds on to one, else None.")
      .def("body_state", [](const WalkerEnv& env) {
        if (!env.has_episode()) throw py::value_error("no body before reset()");
        const auto& parts = env.body().parts();
        py::array_t<double> out({static_cast<py::ssize_t>(parts.size()), py::ssize_t{9}});
        auto o = out.mutable_unchecked<2>();
        for (std::size_t i = 0; i < parts.size(); ++i) {
          const b2Body* b = parts[i];
          const py::ssize_t r = static_cast<py::ssize_t>(i);
          const double row[9] = {b->GetPosition().x, b->GetPosition().y, b->GetAngle(), b->GetLinearVelocity().x,
                                 b->GetLinearVelocity().y, b->GetAngularVelocity(), b->GetMass(),
                                 env.submerged_area(static_cast<int>(i)),
                                 env.body().touching(static_cast<int>(i)) ? 1.0 : 0.0};
          for (py::ssize_t c = 0; c < 9; ++c) o(r, c) = row[c];
        }
        return out;
      }, "Per body part (creation order): x, y, angle, vx, vy, angular velocity, mass, submerged area, touching.")
      .def("render", [](const WalkerEnv& env, bool lidar, std::optional<py::array> out) {
        if (!env.has_episode()) throw py::value_error("nothing to render before reset()");
        auto frame = frame_buffer(out, {boxwalk::kFrameHeight, boxwalk::kFrameWidth, 3});
        uint8_t* pixels = frame.mutable_data();
        py::gil_scoped_release nogil;
        boxwalk::render_frame(env, boxwalk::RenderOptions{lidar}, pixels);
        return frame;
      }, py::arg("lidar") = false, py::arg("out") = py::none(),
           "The current frame, (400, 600, 3) uint8 (written into `out` when given).");

  py::class_<StepBuffers>(m, "StepBuffers", "The result arrays of one reset / step / recv (overwritten by the next).")
      .def_readonly("obs", &StepBuffers::obs)
      .def_readonly("rewards", &StepBuffers::rewards)
      .def_readonly("terminated", &StepBuffers::terminated)
      .def_readonly("truncated", &StepBuffers::truncated)
      .def_readonly("final_obs", &StepBuffers::final_obs)
      .def_readonly("final_mask", &StepBuffers::final_mask)
      .def_readonly("episode_return", &StepBuffers::episode_return)
      .def_readonly("episode_length", &StepBuffers::episode_length)
      .def_readonly("episode_mask", &StepBuffers::episode_mask)
      .def_readonly("tasks", &StepBuffers::tasks)
      .def_readonly("episode_tasks", &StepBuffers::episode_tasks)
      .def_readonly("started", &StepBuffers::started)
      .def_readonly("level_seeds", &StepBuffers::level_seeds)
      .def_readonly("episode_level_seeds", &StepBuffers::episode_level_seeds)
      ;

  // ---- a batch of environments on a thread pool ----
  py::class_<PyBatch>(m, "Batch")
      .def(py::init([](int num_envs, const std::string& family, bool hardcore, std::shared_ptr<const CppnWeights> cppn,
                       const Doubles& task_low, const Doubles& task_high, int num_threads, int64_t max_episode_steps,
                       int autoreset_mode, const std::string& body) {
        if (num_envs < 1) throw py::value_error("num_envs must be >= 1, got " + std::to_string(num_envs));
        if (num_threads < 1) throw py::value_error("num_threads must be >= 1, got " + std::to_string(num_threads));
        if (autoreset_mode < 0 || autoreset_mode > 2) throw py::value_error("autoreset_mode must be 0, 1 or 2");
        std::vector<EnvConfig> configs(num_envs,
                                       make_config(family, body, hardcore, std::move(cppn), task_low, task_high));
        return new PyBatch(configs, num_threads, max_episode_steps, autoreset_mode);
      }), py::arg("num_envs"), py::arg("family"), py::arg("hardcore"), py::arg("cppn"), py::arg("task_low"),
           py::arg("task_high"), py::arg("num_threads"), py::arg("max_episode_steps"), py::arg("autoreset_mode"),
           py::arg("body") = "old_classic_bipedal")
      .def_property_readonly("action_size", [](const PyBatch& b) { return b.batch.action_size(); })
      .def_property_readonly("motor_contacts", [](const PyBatch& b) { return b.batch.env(0).body().motor_contacts(); })
      .def_property_readonly("grasp_sensors", [](const PyBatch& b) { return b.batch.env(0).body().grasp_sensor_count(); })
      .def_property_readonly("num_envs", [](const PyBatch& b) { return b.batch.size(); })
      .def_property_readonly("num_threads", [](const PyBatch& b) { return b.batch.num_threads(); })
      .def_property_readonly("task_size", [](const PyBatch& b) { return b.batch.task_size(); })
      .def_property_readonly("observation_bounds", [](const PyBatch& b) {
        return bounds_tuple(b.batch.env(0).observation_bounds());
      }, "(low, high) float32 arrays: the declared bounds of every observation value.")
      .def_readonly("full", &PyBatch::full, "The buffers reset and step fill: row i = env i.")
      .def_readonly("received", &PyBatch::received, "The buffers recv() fills: row k = env received_ids[k].")
      .def_readonly("received_ids", &PyBatch::received_ids)
      .def_property_readonly("in_flight", [](const PyBatch& b) { return b.batch.in_flight(); },
                             "Envs sent (or reset asynchronously) and not yet returned by recv().")
      .def("_trip_box2d_assert", [](PyBatch& b, int i) {
        if (i < 0 || i >= b.batch.size()) throw py::value_error("env index out of range");
        b.batch.env(i).trip_box2d_assert_on_next_step();
      }, py::arg("env_index"), "Tests: env i's next step fails a Box2D assertion on its pool thread.")
      .def("set_next_tasks", [](PyBatch& b, py::array_t<int64_t, py::array::c_style | py::array::forcecast> indices,
                                const Doubles& tasks,
                                std::optional<py::array_t<uint64_t, py::array::c_style | py::array::forcecast>> seeds) {
        const py::ssize_t d = b.batch.task_size();
        if (indices.ndim() != 1) throw py::value_error("env_indices must be one-dimensional");
        if (tasks.ndim() == 2 && tasks.shape(0) != indices.shape(0))
          throw py::value_error(std::to_string(indices.shape(0)) + " env indices but " +
                                std::to_string(tasks.shape(0)) + " tasks");
        if (tasks.ndim() != 2 || tasks.shape(1) != d)
          throw py::value_error("tasks must have shape (" + std::to_string(indices.shape(0)) + ", " +
                                std::to_string(d) + "), got " + shape_str(tasks));
        check_finite(tasks.data(), tasks.size(), static_cast<std::size_t>(d), "tasks");
        for (py::ssize_t k = 0; k < indices.shape(0); ++k)
          if (indices.at(k) < 0 || indices.at(k) >= b.batch.size())
            throw py::value_error("env index " + std::to_string(indices.at(k)) + " is out of range for " +
                                  std::to_string(b.batch.size()) + " envs");
        if (seeds && (seeds->ndim() != 1 || seeds->shape(0) != indices.shape(0)))
          throw py::value_error("seeds must have shape (" + std::to_string(indices.shape(0)) + ",), got " +
                                shape_str(*seeds));
        b.batch.set_next_tasks(indices.data(), tasks.data(), seeds ? seeds->data() : nullptr,
                               static_cast<std::size_t>(indices.shape(0)));
      }, py::arg("env_indices"), py::arg("tasks"), py::arg("seeds") = py::none())
      .def("reset", [](PyBatch& b, std::optional<py::array_t<bool>> mask,
                       std::optional<py::array_t<bool>> has_seed, std::optional<py::array_t<uint64_t>> seeds) {
        const py::ssize_t n = b.batch.size();
        for (const auto* a : {&mask, &has_seed})
          if (*a && ((*a)->ndim() != 1 || (*a)->shape(0) != n))
            throw py::value_error("reset masks must have shape (" + std::to_string(n) + ",)");
        if (seeds && (seeds->ndim() != 1 || seeds->shape(0) != n))
          throw py::value_error("seeds must have shape (" + std::to_string(n) + ",)");
        if (has_seed.has_value() != seeds.has_value()) throw py::value_error("has_seed and seeds go together");
        const bool* mk = mask ? mask->data() : nullptr;
        const bool* h = has_seed ? has_seed->data() : nullptr;
        const uint64_t* s = seeds ? seeds->data() : nullptr;
        boxwalk::BatchBuffers out = b.buffers();
        py::gil_scoped_release nogil;
        b.batch.reset(mk, h, s, out);
      }, py::arg("mask") = py::none(), py::arg("has_seed") = py::none(), py::arg("seeds") = py::none(),
           "Resets the masked envs (all by default), reseeding those with has_seed; results go to the buffers.")
      .def("step", [](PyBatch& b, const py::array& actions) {
        py::array contiguous = checked_actions(b.batch, actions, b.batch.size());
        const bool f32 = contiguous.dtype().is(py::dtype::of<float>());
        const void* data = contiguous.data();
        boxwalk::BatchBuffers out = b.buffers();
        py::gil_scoped_release nogil;
        b.batch.step(data, f32, out);
      }, py::arg("actions"), "Steps every env; results go to the buffers (.obs, .rewards, ...).")
      .def("async_reset", [](PyBatch& b, std::optional<py::array_t<bool>> has_seed,
                             std::optional<py::array_t<uint64_t>> seeds) {
        const py::ssize_t n = b.batch.size();
        if (has_seed.has_value() != seeds.has_value()) throw py::value_error("has_seed and seeds go together");
        if (has_seed && (has_seed->ndim() != 1 || has_seed->shape(0) != n || seeds->ndim() != 1 || seeds->shape(0) != n))
          throw py::value_error("has_seed and seeds must have shape (" + std::to_string(n) + ",)");
        b.batch.async_reset(has_seed ? has_seed->data() : nullptr, seeds ? seeds->data() : nullptr, b.buffers());
      }, py::arg("has_seed") = py::none(), py::arg("seeds") = py::none(),
           "Queues a reset of every env on the background workers; recv() returns them.")
      .def("send", [](PyBatch& b, const Ids& ids, const py::array& actions) {
        if (ids.ndim() != 1) throw py::value_error("env_ids must be one-dimensional");
        py::array contiguous = checked_actions(b.batch, actions, ids.shape(0));
        b.batch.send(ids.data(), static_cast<std::size_t>(ids.shape(0)), contiguous.data(),
                     contiguous.dtype().is(py::dtype::of<float>()), b.buffers());
      }, py::arg("env_ids"), py::arg("actions"), "Queues one step of each env in env_ids (row k: env_ids[k]).")
      .def("recv", [](PyBatch& b, std::size_t count, std::optional<Ids> wanted) {
        if (wanted && (wanted->ndim() != 1 || static_cast<std::size_t>(wanted->shape(0)) != count))
          throw py::value_error("env_ids must be one-dimensional with `count` entries");
        const int64_t* w = wanted ? wanted->data() : nullptr;
        boxwalk::BatchBuffers out = b.buffers(), received = b.received.view();
        int64_t* ids = b.received_ids.mutable_data();
        py::gil_scoped_release nogil;
        b.batch.recv(count, w, out, received, ids);
      }, py::arg("count"), py::arg("env_ids") = py::none(),
           "Waits for `count` envs (the first to finish, or exactly env_ids) and fills .received / .received_ids.")
      .def("terrain", [](const PyBatch& b, int i) {
        if (i < 0 || i >= b.batch.size()) throw py::index_error("env index out of range");
        if (b.batch.in_flight(i))
          throw py::value_error("env " + std::to_string(i) + " is stepping (sent, not yet returned by recv())");
        return terrain_dict(b.batch.env(i).terrain());
      }, py::arg("index"), "Env i's current terrain geometry.")
      .def("render", [](PyBatch& b, bool lidar, std::optional<py::array> out) {
        const int n = b.batch.size();
        for (int i = 0; i < n; ++i)
          if (!b.batch.env(i).has_episode())
            throw py::value_error("env " + std::to_string(i) + " has nothing to render (reset it first)");
        auto frames = frame_buffer(out, {n, boxwalk::kFrameHeight, boxwalk::kFrameWidth, 3});
        uint8_t* pixels = frames.mutable_data();
        py::gil_scoped_release nogil;
        b.batch.render(boxwalk::RenderOptions{lidar}, pixels);
        return frames;
      }, py::arg("lidar") = false, py::arg("out") = py::none(),
           "Every env's current frame, (N, 400, 600, 3) uint8, drawn on the pool (into `out` when given).");

  auto testing = m.def_submodule("_testing", "Test and benchmark hooks (private).");
  register_testing(testing);
}
