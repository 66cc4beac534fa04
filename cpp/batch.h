// N independent environments stepped together on a persistent thread pool, writing into caller-owned buffers.
// Env i's trajectory depends only on its own seed, tasks and actions: each env owns its world and its random
// streams, and which thread runs it changes nothing.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "env.h"
#include "render/scene.h"
#include "rng.h"
#include "thread_pool.h"

namespace boxwalk {

// Gymnasium's gymnasium.vector.AutoresetMode.
enum class AutoresetMode : int { NextStep = 0, SameStep = 1, Disabled = 2 };

// Caller-owned buffers (N = batch size, O = observation size, D = task size). Reset and step fill `obs`, `tasks`
// and `started` (the envs that began an episode in this call); step also fills the rest. `final_*` are used in
// SameStep mode; `episode_*` describe the episodes that ended in this call (mask set for those envs).
struct BatchBuffers {
  float* obs;               // N x O
  double* rewards;          // N
  bool* terminated;         // N
  bool* truncated;          // N
  float* final_obs;         // N x O (SameStep)
  bool* final_mask;         // N (SameStep)
  double* episode_return;   // N
  int64_t* episode_length;  // N
  bool* episode_mask;       // N
  double* tasks;            // N x D: the task of each env's current episode
  double* episode_tasks;    // N x D: the task of the episode that ended
  bool* started;            // N
};

class Batch {
 public:
  // Every config must name the same family (one observation layout per batch). max_episode_steps <= 0: none.
  Batch(const std::vector<EnvConfig>& configs, int num_threads, int64_t max_episode_steps, AutoresetMode mode);

  int size() const { return static_cast<int>(slots_.size()); }
  int num_threads() const { return pool_.num_threads(); }
  int obs_size() const { return slots_.front().env->obs_size(); }
  int action_size() const { return slots_.front().env->action_size(); }
  static constexpr int kMaxActions = 64;  // per env; every registered body has far fewer motors
  int task_size() const { return slots_.front().env->task_size(); }
  AutoresetMode mode() const { return mode_; }

  // Queues the task of env indices[k]'s next episode (k < count); a later call for the same env replaces it.
  // Consumed by the env's next reset, automatic or explicit; without one the env's fallback sampler draws.
  void set_next_tasks(const int64_t* indices, const double* tasks, std::size_t count);

  // Resets the envs with mask[i] set (all when mask is null); an env with has_seed[i] is first reseeded with
  // seeds[i] (Gymnasium's SeedSequence seeding, for terrain and fallback task streams alike).
  void reset(const bool* mask, const bool* has_seed, const uint64_t* seeds, const BatchBuffers& out);

  // One step of every env. `actions` is N x action_size(), float32 (actions_are_float32) or float64.
  void step(const void* actions, bool actions_are_float32, const BatchBuffers& out);

  // Draws every env's current frame into `frames` (N x kFrameBytes) on the pool. Every env must have an episode.
  void render(const RenderOptions& options, uint8_t* frames);

  const WalkerEnv& env(int i) const { return *slots_.at(i).env; }

 private:
  struct Slot {
    std::unique_ptr<WalkerEnv> env;
    Pcg64 rng;
    std::vector<double> next_task;
    bool has_next_task = false;
    int64_t elapsed = 0;
    double episode_return = 0.0;
    int64_t episode_length = 0;
    bool needs_reset = true;  // NextStep: the episode ended, the next step resets
  };
  void reset_slot(int i, const BatchBuffers& out);
  void step_slot(int i, const double* action, bool float32_reward, const BatchBuffers& out);

  std::vector<Slot> slots_;
  int64_t max_episode_steps_;
  AutoresetMode mode_;
  ThreadPool pool_;
};

}  // namespace boxwalk
