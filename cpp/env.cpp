#include "env.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "bodies/registry.h"
#include "constants.h"
#include "terrain/clouds.h"

namespace boxwalk {
namespace {

using namespace gym;

// Ray i points at angle(i) from straight down: "down" 1.5 i / 10 (walkers, Gymnasium), "up" 2.3 i / 10 + 1.5
// (climbers), "full" pi i / 10 (swimmers), as TeachMyAgent's Parkour computes them.
struct LidarAngles {
  double sines[LIDAR_RAYS];
  double cosines[LIDAR_RAYS];
  explicit LidarAngles(LidarKind kind) {
    for (int i = 0; i < LIDAR_RAYS; ++i) {
      const double angle = kind == LidarKind::kDown ? 1.5 * i / 10.0
                           : kind == LidarKind::kUp ? 2.3 * i / 10.0 + 1.5
                                                    : M_PI * i / 10.0;
      sines[i] = std::sin(angle);
      cosines[i] = std::cos(angle);
    }
  }
};
const LidarAngles& lidar_angles(LidarKind kind) {
  static const LidarAngles down(LidarKind::kDown), up(LidarKind::kUp), full(LidarKind::kFull);
  return kind == LidarKind::kDown ? down : kind == LidarKind::kUp ? up : full;
}

constexpr double kWaterDensity = 1.0;

Body make_body(const TerrainFamily& family, const std::string& body) {
  family.check_body(body);
  BodyOptions options;
  options.density = kWaterDensity;
  options.head_contact_critical = family.head_contact_critical;
  return Body(find_body(body)->make(options));
}

std::unique_ptr<b2World> make_world() {
  auto world = std::make_unique<b2World>(b2Vec2(0.0f, -10.0f));
  world->SetAllowSleeping(true);
  return world;
}

}  // namespace

WalkerEnv::WalkerEnv(const EnvConfig& config)
    : config_(config),
      family_(&terrain_family(config.family)),
      world_(make_world()),
      task_sampler_(Pcg64::from_seed(0)),
      body_(make_body(*family_, config.body)),
      action_size_(body_.action_size()),
      lidar_sines_(lidar_angles(body_.spec().lidar).sines),
      lidar_cosines_(lidar_angles(body_.spec().lidar).cosines) {
  context_.hardcore = config.hardcore;
  context_.cppn = config.cppn;
  check_context(*family_, context_);
  const std::size_t d = static_cast<std::size_t>(family_->task_size);
  if (config.task_low.size() != d || config.task_high.size() != d)
    throw std::invalid_argument("task box must have " + std::to_string(d) + " dimensions for family '" +
                                config.family + "'");
  task_.assign(d, 0.0);
}

WalkerEnv::~WalkerEnv() {
  // The world owns every body; it must not call back into this half-destroyed listener.
  world_->SetContactListener(nullptr);
}

void WalkerEnv::seed_task_sampler(uint64_t seed) {
  // Four entropy words, the last a tag: no 64-bit seed of the terrain stream can give the same SeedSequence.
  task_sampler_ = Pcg64::from_seed_words({static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32), 0u,
                                          0x7A5C5EEDu});
}

template <typename F>
auto WalkerEnv::guarded(F&& f) {
  try {
    return f();
  } catch (...) {
    broken_ = true;
    throw;
  }
}

void WalkerEnv::destroy_episode() {
  water_.clear();
  grasp_.clear();
  if (broken_ || !family_->reuse_world) {
    // After an error bodies may be half-built and the world locked. Either way: drop the world whole (its
    // allocators free everything, no callbacks run).
    terrain_bodies_ = TerrainBodies();
    body_.forget();
    world_ = make_world();
    broken_ = false;
    return;
  }
  if (terrain_bodies_.empty()) return;
  world_->SetContactListener(nullptr);
  terrain_bodies_.destroy(*world_);
  body_.destroy(*world_);
}

void WalkerEnv::reset(Pcg64& rng, const double* task, const uint64_t* level_seed, float* obs) {
  for (std::size_t j = 0; j < task_.size(); ++j)
    task_[j] = task != nullptr ? task[j] : task_sampler_.uniform(config_.task_low[j], config_.task_high[j]);
  if (family_->task_size > 0) {
    if (level_seed != nullptr && *level_seed >= kLevelSeedLimit)
      throw std::invalid_argument("level seed " + std::to_string(*level_seed) + " is not below 2**63");
    level_seed_ = level_seed != nullptr ? *level_seed : rng.next_uint64() >> 1;
    rng = Pcg64::from_seed(level_seed_);
  }
  destroy_episode();
  guarded([&] {
    world_->SetContactListener(this);
    prev_shaping_ = 0.0;
    has_prev_shaping_ = false;

    family_->generate(context_, task_.data(), rng, terrain_);
    terrain_bodies_.create(*world_, terrain_, static_cast<float>(FRICTION));
    generate_clouds(rng, clouds_);

    const double init_x = TERRAIN_STEP * TERRAIN_STARTPAD / 2;
    const double init_y = TERRAIN_HEIGHT + body_.spec().spawn_height;
    const float force = static_cast<float>(rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM));
    body_.create(*world_, init_x, init_y, force);

    grasp_.attach(body_.grasp_sensors());

    steps_under_water_ = steps_outside_water_ = 0;
    std::vector<double> actions(static_cast<std::size_t>(action_size_), 0.0);
    if (grasp_.size() > 0) hang_from_ceiling(actions, obs);
    step(actions.data(), false, obs);
    // The reference restarts the counters after the hidden step(s).
    steps_under_water_ = steps_outside_water_ = 0;
  });
}

StepResult WalkerEnv::step(const double* action, bool float32_reward, float* obs) {
  if (broken_) throw std::logic_error("the environment is in an error state; call reset() first");
  if (!body_.exists()) throw std::logic_error("step() called before reset()");
  return guarded([&] {
    if (trip_assert_) {
      trip_assert_ = false;
      b2PolygonShape shape;
      const b2Vec2 collinear[3] = {b2Vec2(0, 0), b2Vec2(1, 0), b2Vec2(2, 0)};
      shape.Set(collinear, 3);  // a degenerate hull: Box2D's own assertion fails, as a real one would mid-step
    }
    dead_ = steps_in_deadly_medium() > kStepsCanSurvive;
    if (dead_) {
      // The reference swaps in an integer zero array, so the reward is then computed in doubles.
      dead_action_.assign(static_cast<std::size_t>(action_size_), 0.0);
      action = dead_action_.data();
      float32_reward = false;
    }
    body_.apply_action(action);
    if (grasp_.size() > 0) grasp_.before_step(action + body_.motor_count(), *world_);
    world_->Step(TIME_STEP, VELOCITY_ITERATIONS, POSITION_ITERATIONS);
    if (grasp_.size() > 0) grasp_.after_step(*world_);
    if (!water_.empty()) water_.apply_forces(world_->GetGravity());
    observe(obs);
    if (family_->survival_limit && !dead_) count_water_steps(obs[Body::kHeadStateSize] != 0.0f);

    const BodySpec& spec = body_.spec();
    const b2Vec2 pos = body_.head()->GetPosition();
    double shaping = 130 * static_cast<double>(pos.x) / SCALE;
    if (spec.head_angle_reward) shaping -= 5.0 * std::fabs(static_cast<double>(body_.head()->GetAngle()));

    StepResult result;
    const double progress = has_prev_shaping_ ? shaping - prev_shaping_ : 0.0;
    prev_shaping_ = shaping;
    has_prev_shaping_ = true;
    // The references write it as TORQUE_PENALTY * 80 (Gymnasium: 0.00035 * MOTORS_TORQUE, the same double).
    const double torque_cost = spec.torque_penalty * MOTORS_TORQUE;
    if (float32_reward) {
      // numpy 2: python float - np.float32 is computed in float32 (NEP 50), so the sum runs in float32.
      float reward = static_cast<float>(progress);
      for (int j = 0; j < action_size_; ++j)
        reward -= static_cast<float>(torque_cost) * static_cast<float>(std::fmin(std::fabs(action[j]), 1.0));
      result.reward = reward;
    } else {
      double reward = progress;
      for (int j = 0; j < action_size_; ++j) reward -= torque_cost * std::fmin(std::fabs(action[j]), 1.0);
      result.reward = reward;
    }
    if (body_.critical_contact() || pos.x < 0) {
      result.reward = -100;
      result.terminated = true;
    }
    if (pos.x > terrain_.finish_x) result.terminated = true;
    return result;
  });
}

// The reference lifts the climber so that its last sensor touches the start pad's ceiling (both sensors at that
// height), then lets the solver settle it over a few steps with both grasps on.
void WalkerEnv::hang_from_ceiling(std::vector<double>& actions, float* obs) {
  const std::vector<b2Body*> sensors = body_.grasp_sensors();
  const double top = terrain_.ceiling_y.front();
  const std::size_t n = actions.size(), s = sensors.size();
  double lift = 0.0;
  for (std::size_t i = 0; i < s; ++i) {
    actions[n - 1 - i] = 1.0;
    b2Body* sensor = sensors[s - 1 - i];
    if (lift == 0.0) lift = top - sensor->GetPosition().y;
    sensor->SetTransform(b2Vec2(sensor->GetPosition().x, static_cast<float32>(top)), sensor->GetAngle());
  }
  for (b2Body* part : body_.parts()) {
    if (std::find(sensors.begin(), sensors.end(), part) != sensors.end()) continue;
    const b2Vec2 p = part->GetPosition();
    part->SetTransform(b2Vec2(p.x, static_cast<float32>(p.y + lift)), part->GetAngle());
  }
  for (int i = 0; i < kHangSteps; ++i) step(actions.data(), false, obs);
}

int WalkerEnv::steps_in_deadly_medium() const {
  if (!family_->survival_limit) return 0;
  switch (body_.spec().kind) {
    case BodyKind::kWalker:
    case BodyKind::kClimber:
      return steps_under_water_;
    case BodyKind::kSwimmer:
      return steps_outside_water_;
    case BodyKind::kAmphibian:
      return 0;
  }
  return 0;
}

double WalkerEnv::survival_fraction() const {
  return static_cast<double>(steps_in_deadly_medium()) / kStepsCanSurvive;
}

void WalkerEnv::count_water_steps(bool under_water) {
  if (under_water) {
    ++steps_under_water_;
    steps_outside_water_ = 0;
  } else {
    ++steps_outside_water_;
    steps_under_water_ = 0;
  }
}

Surface WalkerEnv::held_surface(int sensor) const {
  if (sensor < 0 || sensor >= grasp_.size()) throw std::out_of_range("no grasp sensor " + std::to_string(sensor));
  const b2Body* held = grasp_.held(sensor);
  return held != nullptr ? surface_of(held->GetFixtureList()) : Surface::Solid;
}

double WalkerEnv::submerged_area(int part) const {
  return water_.submerged_area(body_.parts().at(static_cast<std::size_t>(part)));
}

int WalkerEnv::obs_size() const { return observation_size(family_->observation, body_); }

b2Vec2 WalkerEnv::lidar_end(int i) const {
  return ray_end(body_.head()->GetPosition(), lidar_hits_[i].fraction * LIDAR_RANGE, lidar_sines_[i],
                 lidar_cosines_[i]);
}

void WalkerEnv::lidar_both_ways(LidarHit* indexed, LidarHit* tree) const {
  const b2Vec2 head = body_.head()->GetPosition();
  cast_lidar(*world_, terrain_bodies_.lidar_index(), head, LIDAR_RANGE, lidar_sines_, lidar_cosines_, LIDAR_RAYS,
             indexed);
  cast_lidar_tree(*world_, head, LIDAR_RANGE, lidar_sines_, lidar_cosines_, LIDAR_RAYS, kTerrainCategory, tree);
}

void WalkerEnv::observe(float* obs) {
  LidarHit* hits = lidar_hits_;
  const b2Vec2 head = body_.head()->GetPosition();
  cast_lidar(*world_, terrain_bodies_.lidar_index(), head, LIDAR_RANGE, lidar_sines_, lidar_cosines_, LIDAR_RAYS,
             hits);
  body_.write_head_state(obs);
  const bool parkour_layout = family_->observation == ObservationLayout::kParkour;
  float* rest = obs + Body::kHeadStateSize;
  if (parkour_layout) {
    rest[0] = (terrain_.has_water && head.y <= terrain_.water_y) ? 1.0f : 0.0f;  // is_under_water
    rest[1] = dead_ ? 1.0f : 0.0f;
    rest += 2;
  }
  body_.write_motor_state(rest);
  rest += body_.motor_state_size();
  grasp_.write_state(rest);
  rest += 2 * grasp_.size();
  for (int i = 0; i < LIDAR_RAYS; ++i) rest[i] = hits[i].fraction;
  if (parkour_layout)
    for (int i = 0; i < LIDAR_RAYS; ++i) rest[LIDAR_RAYS + i] = hits[i].surface;
}

namespace {

bool is_water(const b2Fixture* f) { return f->IsSensor() && surface_of(f) == Surface::Water; }
bool is_graspable(const b2Fixture* f) {
  return f->GetBody()->GetType() == b2_staticBody &&
         (surface_of(f) == Surface::Ceiling || surface_of(f) == Surface::Creeper);
}
// What the reference calls a body object: a solid fixture of the (only) dynamic bodies, the agent's parts.
bool is_body_part(const b2Fixture* f) { return !f->IsSensor() && f->GetBody()->GetType() == b2_dynamicBody; }

// The (water, part) fixtures of a contact between the two, or nulls.
std::pair<b2Fixture*, b2Fixture*> water_pair(b2Contact* contact) {
  b2Fixture* a = contact->GetFixtureA();
  b2Fixture* b = contact->GetFixtureB();
  if (is_water(a) && is_body_part(b)) return {a, b};
  if (is_water(b) && is_body_part(a)) return {b, a};
  return {nullptr, nullptr};
}

}  // namespace

// The reference's listener: water pairs first; then grasp sensors (touching the ceiling or a creeper); then the
// body's own contacts, sensors excluded.
void WalkerEnv::BeginContact(b2Contact* contact) {
  b2Fixture* a = contact->GetFixtureA();
  b2Fixture* b = contact->GetFixtureB();
  if (const auto [water, part] = water_pair(contact); water != nullptr) {
    water_.begin_contact(water, part);
    return;
  }
  if (grasp_.size() > 0) {
    const int sa = grasp_.sensor_index(a->GetBody()), sb = grasp_.sensor_index(b->GetBody());
    if (sa >= 0 || sb >= 0) {
      b2Fixture* other = sa >= 0 ? b : a;
      if (is_graspable(other)) grasp_.begin_contact(sa >= 0 ? sa : sb, other->GetBody());
      return;
    }
  }
  if (a->IsSensor() || b->IsSensor()) return;  // water, creepers
  body_.begin_contact(a, b);
}

void WalkerEnv::EndContact(b2Contact* contact) {
  b2Fixture* a = contact->GetFixtureA();
  b2Fixture* b = contact->GetFixtureB();
  if (const auto [water, part] = water_pair(contact); water != nullptr) {
    water_.end_contact(water, part);
    return;
  }
  if (grasp_.size() > 0) {
    const int sa = grasp_.sensor_index(a->GetBody()), sb = grasp_.sensor_index(b->GetBody());
    if (sa >= 0 || sb >= 0) {
      grasp_.end_contact(sa >= 0 ? sa : sb, (sa >= 0 ? b : a)->GetBody());
      return;
    }
  }
  if (a->IsSensor() || b->IsSensor()) return;
  body_.end_contact(a, b);
}

}  // namespace boxwalk
