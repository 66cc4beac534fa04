#include "env.h"

#include <cmath>
#include <stdexcept>

#include "constants.h"
#include "terrain/clouds.h"

namespace boxwalk {
namespace {

using namespace gym;

struct LidarAngles {
  double sines[LIDAR_RAYS];
  double cosines[LIDAR_RAYS];
  LidarAngles() {
    for (int i = 0; i < LIDAR_RAYS; ++i) {
      sines[i] = std::sin(1.5 * i / 10.0);
      cosines[i] = std::cos(1.5 * i / 10.0);
    }
  }
};
const LidarAngles kLidar;

std::unique_ptr<b2World> make_world() {
  auto world = std::make_unique<b2World>(b2Vec2(0.0f, -10.0f));
  world->SetAllowSleeping(true);
  return world;
}

}  // namespace

WalkerEnv::WalkerEnv(const EnvConfig& config)
    : config_(config),
      family_(&terrain_family(config.family)),
      parkour_layout_(config.family == "parkour"),
      hull_contact_fatal_(config.family != "parkour"),
      reuse_world_(config.family == "classic"),
      world_(make_world()),
      task_sampler_(Pcg64::from_seed(0)) {
  context_.hardcore = config.hardcore;
  context_.cppn = config.cppn;
  if (config.family == "parkour") {
    if (!config.cppn) throw std::invalid_argument("the parkour family needs CPPN weights");
    config.cppn->validate();
  }
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
  if (broken_ || !reuse_world_) {
    // After an error bodies may be half-built and the world locked. Either way: drop the world whole (its
    // allocators free everything, no callbacks run).
    terrain_bodies_ = TerrainBodies();
    walker_ = ClassicBiped();
    world_ = make_world();
    broken_ = false;
    return;
  }
  if (terrain_bodies_.empty()) return;
  world_->SetContactListener(nullptr);
  terrain_bodies_.destroy(*world_);
  walker_.destroy(*world_);
}

void WalkerEnv::reset(Pcg64& rng, const double* task, float* obs) {
  for (std::size_t j = 0; j < task_.size(); ++j)
    task_[j] = task != nullptr ? task[j] : task_sampler_.uniform(config_.task_low[j], config_.task_high[j]);
  destroy_episode();
  guarded([&] {
    world_->SetContactListener(this);
    prev_shaping_ = 0.0;
    has_prev_shaping_ = false;

    family_->generate(context_, task_.data(), rng, terrain_);
    terrain_bodies_.create(*world_, terrain_, static_cast<float>(FRICTION));
    generate_clouds(rng, clouds_);

    const double init_x = TERRAIN_STEP * TERRAIN_STARTPAD / 2;
    const double init_y = TERRAIN_HEIGHT + 2 * LEG_H;
    const float force = static_cast<float>(rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM));
    walker_.create(*world_, init_x, init_y, force);

    const double zero_action[kActionSize] = {0.0, 0.0, 0.0, 0.0};
    step(zero_action, false, obs);
  });
}

StepResult WalkerEnv::step(const double* action, bool float32_reward, float* obs) {
  if (broken_) throw std::logic_error("the environment is in an error state; call reset() first");
  if (!walker_.exists()) throw std::logic_error("step() called before reset()");
  return guarded([&] {
    walker_.apply_action(action);
    world_->Step(TIME_STEP, VELOCITY_ITERATIONS, POSITION_ITERATIONS);
    observe(obs);

    const b2Vec2 pos = walker_.hull()->GetPosition();
    double shaping = 130 * static_cast<double>(pos.x) / SCALE;
    shaping -= 5.0 * std::fabs(static_cast<double>(walker_.hull()->GetAngle()));

    StepResult result;
    const double progress = has_prev_shaping_ ? shaping - prev_shaping_ : 0.0;
    prev_shaping_ = shaping;
    has_prev_shaping_ = true;
    constexpr double kTorqueCost = 0.00035 * MOTORS_TORQUE;
    if (float32_reward) {
      // numpy 2: python float - np.float32 is computed in float32 (NEP 50), so the sum runs in float32.
      float reward = static_cast<float>(progress);
      for (int j = 0; j < kActionSize; ++j)
        reward -= static_cast<float>(kTorqueCost) * static_cast<float>(std::fmin(std::fabs(action[j]), 1.0));
      result.reward = reward;
    } else {
      double reward = progress;
      for (int j = 0; j < kActionSize; ++j) reward -= kTorqueCost * std::fmin(std::fabs(action[j]), 1.0);
      result.reward = reward;
    }
    if ((hull_contact_fatal_ && walker_.hull_touched()) || pos.x < 0) {
      result.reward = -100;
      result.terminated = true;
    }
    if (pos.x > terrain_.finish_x) result.terminated = true;
    return result;
  });
}

b2Vec2 WalkerEnv::lidar_end(int i) const {
  const b2Vec2 head = walker_.hull()->GetPosition();
  const double reach = lidar_hits_[i].fraction * LIDAR_RANGE;
  return b2Vec2(static_cast<float32>(head.x + kLidar.sines[i] * reach),
                static_cast<float32>(head.y - kLidar.cosines[i] * reach));
}

void WalkerEnv::observe(float* obs) {
  LidarHit* hits = lidar_hits_;
  const b2Vec2 head = walker_.hull()->GetPosition();
  cast_lidar(*world_, head, LIDAR_RANGE, kLidar.sines, kLidar.cosines, LIDAR_RAYS, kTerrainCategory, hits);
  walker_.write_hull_state(obs);
  float* rest = obs + ClassicBiped::kHullStateSize;
  if (parkour_layout_) {
    rest[0] = (terrain_.has_water && head.y <= terrain_.water_y) ? 1.0f : 0.0f;  // is_under_water
    rest[1] = 0.0f;                                                            // is_dead (no death rules yet)
    rest += 2;
  }
  walker_.write_motor_state(rest);
  rest += ClassicBiped::kMotorStateSize;
  for (int i = 0; i < LIDAR_RAYS; ++i) rest[i] = hits[i].fraction;
  if (parkour_layout_)
    for (int i = 0; i < LIDAR_RAYS; ++i) rest[LIDAR_RAYS + i] = hits[i].surface;
}

void WalkerEnv::BeginContact(b2Contact* contact) {
  if (contact->GetFixtureA()->IsSensor() || contact->GetFixtureB()->IsSensor()) return;  // water, creepers
  walker_.begin_contact(contact->GetFixtureA()->GetBody(), contact->GetFixtureB()->GetBody());
}

void WalkerEnv::EndContact(b2Contact* contact) {
  if (contact->GetFixtureA()->IsSensor() || contact->GetFixtureB()->IsSensor()) return;
  walker_.end_contact(contact->GetFixtureA()->GetBody(), contact->GetFixtureB()->GetBody());
}

}  // namespace boxwalk
