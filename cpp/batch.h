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
#include "work_queue.h"

namespace boxwalk {

// Gymnasium's gymnasium.vector.AutoresetMode.
enum class AutoresetMode : int { NextStep = 0, SameStep = 1, Disabled = 2 };

// Caller-owned buffers (N = batch size, O = observation size, D = task size). Reset and step fill `obs`, `tasks`
// and `started` (the envs that began an episode in this call); step also fills the rest. `final_*` are used in
// SameStep mode; `episode_return`/`episode_length` are the return and length so far of the episode each stepped env
// was in (its final ones where `episode_mask` is set: the episodes that ended in this call), `episode_tasks` the task
// of each ended episode. `level_seeds`/`episode_level_seeds`: the level seed of each started / ended episode (families
// with tasks; see WalkerEnv::reset).
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
  int64_t* level_seeds;          // N: the level seed of each env's current episode
  int64_t* episode_level_seeds;  // N: the level seed of the episode that ended
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

  // Queues the task of env indices[k]'s next episode (k < count), and its level seed when `seeds` is not null; a
  // later call for the same env replaces both. Consumed by the env's next reset, automatic or explicit; without a
  // task the env's fallback sampler draws one, without a seed the env's stream draws one (an explicit reset seed
  // below 2**63 is the first episode's level seed, unless a queued seed overrides it). Seeds must be < 2**63.
  // Throws std::invalid_argument for an env in flight (asynchronous stepping): recv it first.
  void set_next_tasks(const int64_t* indices, const double* tasks, const uint64_t* seeds, std::size_t count);

  // Resets the envs with mask[i] set (all when mask is null); an env with has_seed[i] is first reseeded with
  // seeds[i] (Gymnasium's SeedSequence seeding, for terrain and fallback task streams alike).
  void reset(const bool* mask, const bool* has_seed, const uint64_t* seeds, const BatchBuffers& out);

  // One step of every env. `actions` is N x action_size(), float32 (actions_are_float32) or float64.
  void step(const void* actions, bool actions_are_float32, const BatchBuffers& out);

  // Draws every env's current frame into `frames` (N x kFrameBytes) on the pool. Every env must have an episode.
  void render(const RenderOptions& options, uint8_t* frames);

  const WalkerEnv& env(int i) const { return *slots_.at(i).env; }
  WalkerEnv& env(int i) { return *slots_.at(i).env; }

  // ---- asynchronous stepping (EnvPool's send / recv) ----
  // Background workers step the sent envs while the caller is free; env i's results are written to row i of
  // `out` (the buffers given to async_reset / send, which must stay the same), and recv copies the rows of the
  // envs it returns into the front rows of another set of buffers. An env's trajectory is the same as with step().
  //
  // Queues a reset of every env (reseeded where has_seed); their first observations come back through recv.
  void async_reset(const bool* has_seed, const uint64_t* seeds, const BatchBuffers& out);
  // Queues one step of env ids[k] with action row k (N x action_size() float32 or float64 rows, as step()).
  // Throws std::invalid_argument naming the first id that is out of range, repeated, or still stepping.
  void send(const int64_t* ids, std::size_t count, const void* actions, bool actions_are_float32,
            const BatchBuffers& out);
  // Waits for `count` envs: the first ones to finish (wanted == nullptr) or exactly `wanted` (then validated like
  // send's ids: each must be in flight). Row k of `received` gets env ids_out[k]'s results from `out`.
  void recv(std::size_t count, const int64_t* wanted, const BatchBuffers& out, const BatchBuffers& received,
            int64_t* ids_out);
  // Drops queued work, waits for the running steps and stops the background workers (the next async call starts
  // them again). Call it before the buffers given to async_reset / send go away.
  void stop_async();
  // Whether env i was sent (or reset asynchronously) and not yet returned by recv: its world, queue slot and buffer
  // row belong to a worker until then.
  bool in_flight(int i) const { return slots_.at(i).in_flight; }
  // Envs sent (or reset asynchronously) and not yet returned by recv.
  std::size_t in_flight() const { return queue_ ? queue_->outstanding() : 0; }

 private:
  struct Slot {
    std::unique_ptr<WalkerEnv> env;
    Pcg64 rng;
    std::vector<double> next_task;
    bool has_next_task = false;
    uint64_t next_seed = 0;
    bool has_next_seed = false;
    int64_t elapsed = 0;
    double episode_return = 0.0;
    int64_t episode_length = 0;
    bool needs_reset = true;  // NextStep: the episode ended, the next step resets
    // asynchronous stepping
    bool in_flight = false;  // sent or reset asynchronously, not yet returned by recv
    bool async_reset = false;  // the queued work is a reset (reseeded when reseed)
    bool reseed = false;
    uint64_t seed = 0;
    bool action_is_float32 = true;
    double action[kMaxActions];
  };
  // `reseed`: the env was just reseeded with this seed (its level seed unless one is queued).
  void reset_slot(int i, const BatchBuffers& out, const uint64_t* reseed = nullptr);
  // A reset reported as a step's result: no reward, no flags, no finished episode.
  void reset_slot_as_step(int i, const BatchBuffers& out, const uint64_t* reseed = nullptr);
  void step_slot(int i, const double* action, bool float32_reward, const BatchBuffers& out);
  void run_async(int i);
  void check_ids(const int64_t* ids, std::size_t count, bool want_in_flight, const char* call) const;
  WorkQueue& queue();

  std::vector<Slot> slots_;
  int64_t max_episode_steps_;
  AutoresetMode mode_;
  ThreadPool pool_;
  std::unique_ptr<WorkQueue> queue_;  // started by the first async call
  BatchBuffers async_out_{};
};

}  // namespace boxwalk
