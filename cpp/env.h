// One walker environment: a reused b2World, a terrain from a generator, the body, the lidar, reward and
// termination -- Gymnasium's BipedalWalker step for step.
#pragma once
#include <Box2D/Box2D.h>

#include <memory>

#include "bodies/classic_biped.h"
#include "geometry.h"
#include "rng.h"
#include "world.h"

namespace boxwalk {

struct EnvConfig {
  bool hardcore = false;
};

struct StepResult {
  double reward = 0.0;
  bool terminated = false;
};

class WalkerEnv final : private b2ContactListener {
 public:
  static constexpr int kObsSize = ClassicBiped::kStateSize + 10;
  static constexpr int kActionSize = ClassicBiped::kActionSize;

  explicit WalkerEnv(const EnvConfig& config);
  ~WalkerEnv() override;
  WalkerEnv(const WalkerEnv&) = delete;
  WalkerEnv& operator=(const WalkerEnv&) = delete;

  // Starts an episode drawing from `rng` (left where the draws end, like Gymnasium's np_random) and writes the
  // observation of the hidden zero-action step.
  void reset(Pcg64& rng, float* obs);

  // One step. `action` holds kActionSize finite values. `float32_reward` reproduces numpy's promotion rules for a
  // float32 action array (the torque cost, and so the reward, is then computed in float32); otherwise doubles.
  StepResult step(const double* action, bool float32_reward, float* obs);

  bool has_episode() const { return walker_.exists() && !broken_; }
  const EnvConfig& config() const { return config_; }
  const TerrainGeometry& terrain() const { return terrain_; }
  const PolygonList& clouds() const { return clouds_; }
  b2Vec2 hull_position() const { return walker_.hull()->GetPosition(); }

 private:
  void BeginContact(b2Contact* contact) override;
  void EndContact(b2Contact* contact) override;
  void destroy_episode();
  void observe(float* obs);
  template <typename F>
  auto guarded(F&& f);

  EnvConfig config_;
  std::unique_ptr<b2World> world_;
  TerrainGeometry terrain_;
  PolygonList clouds_;
  TerrainBodies terrain_bodies_;
  ClassicBiped walker_;
  double prev_shaping_ = 0.0;
  bool has_prev_shaping_ = false;
  bool broken_ = false;  // a Box2D assertion left the world in an unknown state: rebuilt at the next reset
};

}  // namespace boxwalk
