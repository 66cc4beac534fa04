// N independent environments stepped together on a persistent thread pool, writing into caller-owned buffers.
// Env i's trajectory depends only on its own seed and actions: each env owns its world and its random stream, and
// which thread runs it changes nothing.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "env.h"
#include "rng.h"
#include "thread_pool.h"

namespace boxwalk {

// Gymnasium's gymnasium.vector.AutoresetMode.
enum class AutoresetMode : int { NextStep = 0, SameStep = 1, Disabled = 2 };

// Caller-owned output buffers of one batched step (N = batch size). `final_obs`/`final_mask` are used in SameStep
// mode; `episode_*` describe the episodes that ended in this call (mask set for those envs).
struct StepBuffers {
  float* obs;                // N x kObsSize
  double* rewards;           // N
  bool* terminated;          // N
  bool* truncated;           // N
  float* final_obs;          // N x kObsSize (SameStep)
  bool* final_mask;          // N (SameStep)
  double* episode_return;    // N
  int64_t* episode_length;   // N
  bool* episode_mask;        // N
};

class Batch {
 public:
  // max_episode_steps <= 0: no truncation.
  Batch(const std::vector<EnvConfig>& configs, int num_threads, int64_t max_episode_steps, AutoresetMode mode);

  int size() const { return static_cast<int>(slots_.size()); }
  int num_threads() const { return pool_.num_threads(); }
  AutoresetMode mode() const { return mode_; }

  // Resets the envs with mask[i] set (all when mask is null); an env with has_seed[i] is first reseeded with
  // seeds[i] (Gymnasium's SeedSequence seeding), the others continue their streams. Writes their observations.
  void reset(const bool* mask, const bool* has_seed, const uint64_t* seeds, float* obs);

  // One step of every env. `actions` is N x kActionSize, float32 (actions_are_float32) or float64.
  void step(const void* actions, bool actions_are_float32, const StepBuffers& out);

  const WalkerEnv& env(int i) const { return *slots_.at(i).env; }

 private:
  struct Slot {
    std::unique_ptr<WalkerEnv> env;
    Pcg64 rng;
    int64_t elapsed = 0;
    double episode_return = 0.0;
    int64_t episode_length = 0;
    bool needs_reset = true;  // NextStep: the episode ended, the next step resets
  };
  void reset_slot(Slot& slot, float* obs);
  void step_slot(int i, const double* action, bool float32_reward, const StepBuffers& out);

  std::vector<Slot> slots_;
  int64_t max_episode_steps_;
  AutoresetMode mode_;
  ThreadPool pool_;
};

}  // namespace boxwalk
