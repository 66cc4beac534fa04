// One walker environment: a reused b2World, a terrain from one of the families, the body, the lidar, reward and
// termination. With the "classic" family it is Gymnasium's BipedalWalker step for step; every rule that differs
// between families is a field of its TerrainFamily.
#pragma once
#include <Box2D/Box2D.h>

#include <memory>
#include <string>
#include <vector>

#include "bodies/body.h"
#include "geometry.h"
#include "grasp.h"
#include "observation.h"
#include "rng.h"
#include "terrain/family.h"
#include "water.h"
#include "world.h"

namespace boxwalk {

struct EnvConfig {
  std::string family = "classic";
  std::string body = "old_classic_bipedal";  // a name of bodies/registry.cpp
  bool hardcore = false;                    // classic only
  std::shared_ptr<const CppnWeights> cppn;  // parkour only
  // The box the fallback task sampler draws from when a reset gets no task (one entry per task dimension).
  std::vector<double> task_low, task_high;
};

struct StepResult {
  double reward = 0.0;
  bool terminated = false;
};

class WalkerEnv final : private b2ContactListener {
 public:
  static constexpr int kLidarRays = 10;
  static constexpr uint64_t kLevelSeedLimit = uint64_t{1} << 63;

  // Throws std::invalid_argument for an unknown family or body, a body the family does not support, a missing or
  // unexpected CPPN or hardcore flag, or a task box of the wrong size.
  explicit WalkerEnv(const EnvConfig& config);
  ~WalkerEnv() override;
  WalkerEnv(const WalkerEnv&) = delete;
  WalkerEnv& operator=(const WalkerEnv&) = delete;

  int obs_size() const;
  int action_size() const { return action_size_; }
  int task_size() const { return family_->task_size; }

  // The stream the fallback sampler draws tasks from (independent of the terrain stream).
  void seed_task_sampler(uint64_t seed);

  // Starts an episode drawing from `rng` (left where the draws end, like Gymnasium's np_random) on `task`
  // (task_size() values; nullptr: a uniform draw from the fallback box) and writes the observation of the hidden
  // zero-action step.
  // Families with tasks play levels: (task, level seed). The episode's draws come from a stream seeded with the
  // level seed alone (`rng` is replaced by it), so (task, level seed) replays the episode exactly anywhere. The seed
  // is `*level_seed` when given, else the next draw of `rng` (its top 63 bits: numpy's integers(2**63) on the same
  // stream; level seeds are < kLevelSeedLimit so that they fit numpy's int64). The classic family ignores
  // `level_seed` and draws from `rng` as Gymnasium does. Throws std::invalid_argument for a seed >= kLevelSeedLimit.
  void reset(Pcg64& rng, const double* task, const uint64_t* level_seed, float* obs);

  // One step. `action` holds action_size() finite values. `float32_reward` reproduces numpy's promotion rules for a
  // float32 action array (the torque cost, and so the reward, is then computed in float32); otherwise doubles.
  StepResult step(const double* action, bool float32_reward, float* obs);

  bool has_episode() const { return body_.exists() && !broken_; }
  const EnvConfig& config() const { return config_; }
  const std::vector<double>& task() const { return task_; }
  // The level seed of the current episode (0 for the classic family).
  uint64_t level_seed() const { return level_seed_; }
  const TerrainGeometry& terrain() const { return terrain_; }
  const PolygonList& clouds() const { return clouds_; }
  b2Vec2 hull_position() const { return body_.head()->GetPosition(); }
  const TerrainFamily& family() const { return *family_; }
  const Body& body() const { return body_; }
  // Where lidar ray i of the last observation ended (its hit point, or its full range).
  b2Vec2 lidar_end(int i) const;
  // Tests: the lidar at the current state, through the index (as observations use it) and through b2World::RayCast.
  void lidar_both_ways(LidarHit* indexed, LidarHit* tree) const;
  // Parkour's death rule: more than kStepsCanSurvive consecutive steps under water (walkers, climbers) or out of it
  // (swimmers); amphibians never die. A dead body's actions are replaced by zeros until the episode ends.
  static constexpr int kStepsCanSurvive = 600;
  bool dead() const { return dead_; }
  // Submerged area of body part i at the last step (what the buoyancy acted on).
  double submerged_area(int part) const;
  // Climbers: whether grasp sensor i holds on to something.
  int grasp_sensors() const { return grasp_.size(); }
  // What grasp sensor i holds on to: Surface::Ceiling, Surface::Creeper, or Solid for nothing.
  Surface held_surface(int sensor) const;
  bool holding(int sensor) const { return grasp_.holding(sensor); }
  // How far the body is into its survival limit (steps in the deadly medium / kStepsCanSurvive); 0 if it cannot die.
  double survival_fraction() const;
  // The declared bounds of every observation value (the family's layout, the body's motors and sensors).
  ObservationBounds observation_bounds() const { return boxwalk::observation_bounds(*family_, body_); }
  // Tests: the next step fails a Box2D assertion inside Box2D (on whatever thread runs it).
  void trip_box2d_assert_on_next_step() { trip_assert_ = true; }
  // Climbers start hanging from the ceiling: this many hidden steps with both grasps on before the usual one.
  static constexpr int kHangSteps = 5;

 private:
  void BeginContact(b2Contact* contact) override;
  void EndContact(b2Contact* contact) override;
  void destroy_episode();
  void hang_from_ceiling(std::vector<double>& actions, float* obs);
  // Consecutive steps in the medium this body dies in (0 for bodies or families without a survival limit).
  int steps_in_deadly_medium() const;
  void count_water_steps(bool under_water);
  void observe(float* obs);
  template <typename F>
  auto guarded(F&& f);

  EnvConfig config_;
  const TerrainFamily* family_;
  TerrainContext context_;
  std::unique_ptr<b2World> world_;
  Pcg64 task_sampler_;
  std::vector<double> task_;
  uint64_t level_seed_ = 0;
  TerrainGeometry terrain_;
  PolygonList clouds_;
  TerrainBodies terrain_bodies_;
  Body body_;
  int action_size_;
  const double* lidar_sines_;
  const double* lidar_cosines_;
  LidarHit lidar_hits_[kLidarRays] = {};
  double prev_shaping_ = 0.0;
  bool has_prev_shaping_ = false;
  Water water_;
  Grasp grasp_;
  std::vector<double> dead_action_;
  int steps_under_water_ = 0;
  int steps_outside_water_ = 0;
  bool dead_ = false;
  bool broken_ = false;
  bool trip_assert_ = false;  // a Box2D assertion left the world in an unknown state: rebuilt at the next reset
};

}  // namespace boxwalk
