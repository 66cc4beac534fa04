// Terrain families. A family is one file: its generator (pure geometry) and its declared rules, returned by a
// `TerrainFamily <name>_family()` function; family.cpp lists it. The engine reads a family's behaviour from these
// fields only -- no code outside cpp/terrain/ compares a family's name.
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
  bool hardcore = false;                    // families with takes_hardcore: Gymnasium's hardcore obstacles
  std::shared_ptr<const CppnWeights> cppn;  // families with needs_cppn: the frozen terrain CPPN
};

using TerrainGenerator = void (*)(const TerrainContext& context, const double* task, Pcg64& rng, TerrainGeometry& out);

// kClassic: Gymnasium's BipedalWalker observation (head state, motor states, grasp flags, lidar fractions).
// kParkour: TeachMyAgent's Parkour observation: the same plus under-water and dead flags after the head state and
// one surface code per lidar ray after the fractions.
enum class ObservationLayout { kClassic, kParkour };

// Which bodies a family takes: Gymnasium's walker only (exact BipedalWalker), TeachMyAgent's walkers, or every body
// (swimmers, climbers and amphibians need Parkour's water and ceiling).
enum class BodyRule { kGymnasiumWalker, kWalkers, kAny };

struct TerrainFamily {
  std::string name;
  int task_size = 0;
  TerrainGenerator generate = nullptr;

  ObservationLayout observation = ObservationLayout::kClassic;
  BodyRule bodies = BodyRule::kWalkers;
  // Gymnasium reuses one world for every episode, so Box2D's recycled proxy ids (and with them the contact order,
  // and the bits) depend on earlier episodes: a family that promises Gymnasium's trajectories must do the same. The
  // others build a fresh world per reset, so that a seed and a task alone determine an episode.
  bool reuse_world = false;
  bool needs_cppn = false;
  bool takes_hardcore = false;
  // A critical part (the hull) touching the ground ends the episode with -100 (TeachMyAgent's Parkour lets walkers
  // touch it; climbers may touch the ceiling in every family).
  bool head_contact_critical = true;
  // Parkour's death rule: more than WalkerEnv::kStepsCanSurvive consecutive steps in the wrong medium.
  bool survival_limit = false;
  int time_limit = 2000;           // the registered max_episode_steps
  int hardcore_time_limit = 2000;  // the same with hardcore=True
  // Terrains with large height changes: rendered frames follow the hull vertically (the others keep Gymnasium's
  // fixed vertical view).
  bool camera_follows_y = false;

  // Every body this family takes, in registry order.
  std::vector<std::string> body_names() const;
  // Throws std::invalid_argument naming the valid bodies when `body` is unknown or not taken by this family.
  void check_body(const std::string& body) const;
};

// Throws std::invalid_argument when `context` does not fit `family`: hardcore for a family that does not take it, no
// (or invalid) CPPN weights for one that needs them.
void check_context(const TerrainFamily& family, const TerrainContext& context);

// The family called `name`; throws std::invalid_argument naming the valid ones.
const TerrainFamily& terrain_family(const std::string& name);
const std::vector<TerrainFamily>& terrain_families();

// The heightfield's task: one height per terrain point.
constexpr int kHeightfieldPoints = 200;

}  // namespace boxwalk
