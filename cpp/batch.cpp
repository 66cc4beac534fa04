#include "batch.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace boxwalk {

Batch::Batch(const std::vector<EnvConfig>& configs, int num_threads, int64_t max_episode_steps, AutoresetMode mode)
    : max_episode_steps_(max_episode_steps),
      mode_(mode),
      pool_(std::max(1, std::min(num_threads, static_cast<int>(configs.size())))) {
  if (configs.empty()) throw std::invalid_argument("a batch needs at least one env");
  slots_.resize(configs.size());
  for (std::size_t i = 0; i < configs.size(); ++i) {
    if (configs[i].family != configs[0].family)
      throw std::invalid_argument("every env of a batch must use the same terrain family");
    if (configs[i].body != configs[0].body)
      throw std::invalid_argument("every env of a batch must use the same body (vector envs may mix tasks, not bodies)");
    slots_[i].env = std::make_unique<WalkerEnv>(configs[i]);
    slots_[i].next_task.assign(slots_[i].env->task_size(), 0.0);
  }
  if (action_size() > kMaxActions) throw std::invalid_argument("a body with more than 64 motors");
}

void Batch::set_next_tasks(const int64_t* indices, const double* tasks, const uint64_t* seeds, std::size_t count) {
  const std::size_t d = static_cast<std::size_t>(task_size());
  for (std::size_t k = 0; k < count; ++k) {
    if (indices[k] < 0 || indices[k] >= size()) throw std::out_of_range("env index out of range");
    if (seeds != nullptr && seeds[k] >= WalkerEnv::kLevelSeedLimit)
      throw std::invalid_argument("set_next_tasks(): level seed " + std::to_string(seeds[k]) + " is not below 2**63");
    if (slots_[indices[k]].in_flight)
      throw std::invalid_argument("set_next_tasks(): env " + std::to_string(indices[k]) +
                                  " is stepping (sent, not yet returned by recv()): queue its task after recv()");
  }
  for (std::size_t k = 0; k < count; ++k) {
    Slot& slot = slots_[indices[k]];
    std::copy(tasks + k * d, tasks + (k + 1) * d, slot.next_task.begin());
    slot.has_next_task = true;
    slot.has_next_seed = seeds != nullptr;
    slot.next_seed = seeds != nullptr ? seeds[k] : 0;
  }
}

void Batch::reset_slot(int i, const BatchBuffers& out, const uint64_t* reseed) {
  Slot& slot = slots_[i];
  const std::size_t o = static_cast<std::size_t>(obs_size()), d = static_cast<std::size_t>(task_size());
  slot.env->reset(slot.rng, slot.has_next_task ? slot.next_task.data() : nullptr,
                  slot.has_next_seed ? &slot.next_seed : reseed, out.obs + i * o);
  slot.has_next_task = false;
  slot.has_next_seed = false;
  out.level_seeds[i] = static_cast<int64_t>(slot.env->level_seed());
  std::copy(slot.env->task().begin(), slot.env->task().end(), out.tasks + i * d);
  out.started[i] = true;
  slot.elapsed = 0;
  slot.episode_return = 0.0;
  slot.episode_length = 0;
  slot.needs_reset = false;
}

namespace {

// Row `row` of an N x k float32 or float64 action array, as doubles.
void load_action(const void* actions, bool is_float32, std::size_t row, int k, double* out) {
  const std::size_t base = row * static_cast<std::size_t>(k);
  for (int j = 0; j < k; ++j)
    out[j] = is_float32 ? static_cast<const float*>(actions)[base + j] : static_cast<const double*>(actions)[base + j];
}

void require_idle(std::size_t in_flight, const char* call) {
  if (in_flight > 0)
    throw std::logic_error(std::string(call) + "() while " + std::to_string(in_flight) +
                           " env(s) sent with send() (or async_reset()) have not come back: recv() them first");
}

}  // namespace

void Batch::reset_slot_as_step(int i, const BatchBuffers& out, const uint64_t* reseed) {
  out.episode_mask[i] = false;
  out.final_mask[i] = false;
  reset_slot(i, out, reseed);
  out.rewards[i] = 0.0;
  out.terminated[i] = false;
  out.truncated[i] = false;
}

void Batch::reset(const bool* mask, const bool* has_seed, const uint64_t* seeds, const BatchBuffers& out) {
  require_idle(in_flight(), "reset");
  pool_.parallel_for(size(), [&](int i) {
    out.started[i] = false;
    if (mask != nullptr && !mask[i]) return;
    Slot& slot = slots_[i];
    const bool reseed = has_seed != nullptr && has_seed[i];
    if (reseed) {
      slot.rng = Pcg64::from_seed(seeds[i]);
      slot.env->seed_task_sampler(seeds[i]);
    }
    reset_slot(i, out, reseed && seeds[i] < WalkerEnv::kLevelSeedLimit ? &seeds[i] : nullptr);
  });
}

void Batch::step_slot(int i, const double* action, bool float32_reward, const BatchBuffers& out) {
  Slot& slot = slots_[i];
  const std::size_t o = static_cast<std::size_t>(obs_size()), d = static_cast<std::size_t>(task_size());
  float* obs = out.obs + i * o;
  out.episode_mask[i] = false;
  out.final_mask[i] = false;
  out.started[i] = false;

  if (mode_ == AutoresetMode::NextStep && slot.needs_reset) {
    reset_slot_as_step(i, out);
    return;
  }

  const StepResult r = slot.env->step(action, float32_reward, obs);
  slot.elapsed += 1;
  slot.episode_return += r.reward;
  slot.episode_length += 1;
  const bool truncated = max_episode_steps_ > 0 && slot.elapsed >= max_episode_steps_;
  out.rewards[i] = r.reward;
  out.terminated[i] = r.terminated;
  out.truncated[i] = truncated;
  out.episode_return[i] = slot.episode_return;
  out.episode_length[i] = slot.episode_length;
  if (!(r.terminated || truncated)) return;

  out.episode_mask[i] = true;
  std::copy(slot.env->task().begin(), slot.env->task().end(), out.episode_tasks + i * d);
  out.episode_level_seeds[i] = static_cast<int64_t>(slot.env->level_seed());
  if (mode_ == AutoresetMode::NextStep) {
    slot.needs_reset = true;
  } else if (mode_ == AutoresetMode::SameStep) {
    std::memcpy(out.final_obs + i * o, obs, sizeof(float) * o);
    out.final_mask[i] = true;
    reset_slot(i, out);
  }
}

void Batch::step(const void* actions, bool actions_are_float32, const BatchBuffers& out) {
  require_idle(in_flight(), "step");
  pool_.parallel_for(size(), [&](int i) {
    double action[kMaxActions];
    load_action(actions, actions_are_float32, static_cast<std::size_t>(i), action_size(), action);
    step_slot(i, action, actions_are_float32, out);
  });
}

void Batch::render(const RenderOptions& options, uint8_t* frames) {
  require_idle(in_flight(), "render");
  pool_.parallel_for(size(), [&](int i) { render_frame(*slots_[i].env, options, frames + i * kFrameBytes); });
}

// ---- asynchronous stepping ----

WorkQueue& Batch::queue() {
  if (!queue_) queue_ = std::make_unique<WorkQueue>(num_threads(), size(), [this](int i) { run_async(i); });
  return *queue_;
}

void Batch::stop_async() {
  queue_.reset();
  for (Slot& slot : slots_) slot.in_flight = false;
}

void Batch::run_async(int i) {
  Slot& slot = slots_[i];
  const BatchBuffers& out = async_out_;
  if (!slot.async_reset) {
    step_slot(i, slot.action, slot.action_is_float32, out);
    return;
  }
  if (slot.reseed) {
    slot.rng = Pcg64::from_seed(slot.seed);
    slot.env->seed_task_sampler(slot.seed);
  }
  reset_slot_as_step(i, out, slot.reseed && slot.seed < WalkerEnv::kLevelSeedLimit ? &slot.seed : nullptr);
}

void Batch::check_ids(const int64_t* ids, std::size_t count, bool want_in_flight, const char* call) const {
  std::vector<char> seen(slots_.size(), 0);
  for (std::size_t k = 0; k < count; ++k) {
    const int64_t id = ids[k];
    if (id < 0 || id >= size())
      throw std::invalid_argument(std::string(call) + "(): env id " + std::to_string(id) + " is out of range for " +
                                  std::to_string(size()) + " envs");
    if (seen[id]) throw std::invalid_argument(std::string(call) + "(): env id " + std::to_string(id) + " appears twice");
    seen[id] = 1;
    const Slot& slot = slots_[id];
    if (want_in_flight && !slot.in_flight)
      throw std::invalid_argument(std::string(call) + "(): env id " + std::to_string(id) +
                                  " is not stepping (it was not sent, or recv() already returned it)");
    if (!want_in_flight && slot.in_flight)
      throw std::invalid_argument(std::string(call) + "(): env id " + std::to_string(id) +
                                  " is still stepping: it was sent and recv() has not returned it yet");
    if (!want_in_flight && !slot.env->has_episode())
      throw std::invalid_argument(std::string(call) + "(): env id " + std::to_string(id) +
                                  " has no episode: call async_reset() (or reset()) first");
  }
}

void Batch::async_reset(const bool* has_seed, const uint64_t* seeds, const BatchBuffers& out) {
  require_idle(in_flight(), "async_reset");
  async_out_ = out;  // workers read it only while envs are in flight
  std::vector<int64_t> ids(slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    slot.async_reset = true;
    slot.reseed = has_seed != nullptr && has_seed[i];
    slot.seed = slot.reseed ? seeds[i] : 0;
    slot.in_flight = true;
    ids[i] = static_cast<int64_t>(i);
  }
  queue().push(ids.data(), ids.size());
}

void Batch::send(const int64_t* ids, std::size_t count, const void* actions, bool actions_are_float32,
                 const BatchBuffers& out) {
  check_ids(ids, count, false, "send");
  if (in_flight() == 0) async_out_ = out;  // workers read it only while envs are in flight
  for (std::size_t r = 0; r < count; ++r) {
    Slot& slot = slots_[ids[r]];
    load_action(actions, actions_are_float32, r, action_size(), slot.action);
    slot.action_is_float32 = actions_are_float32;
    slot.async_reset = false;
    slot.in_flight = true;
  }
  queue().push(ids, count);
}

namespace {

template <typename T>
void copy_row(const T* from, T* to, std::size_t i, std::size_t k, std::size_t width) {
  std::copy(from + i * width, from + (i + 1) * width, to + k * width);
}

}  // namespace

void Batch::recv(std::size_t count, const int64_t* wanted, const BatchBuffers& out, const BatchBuffers& received,
                 int64_t* ids_out) {
  if (count > in_flight())
    throw std::invalid_argument("recv(): waiting for " + std::to_string(count) + " envs but only " +
                                std::to_string(in_flight()) + " are stepping (send() them first)");
  std::exception_ptr error;
  if (wanted != nullptr) {
    check_ids(wanted, count, true, "recv");
    error = queue().pop_these(wanted, count);
    std::copy(wanted, wanted + count, ids_out);
  } else {
    error = queue().pop_first(count, ids_out);
  }
  const std::size_t o = static_cast<std::size_t>(obs_size()), d = static_cast<std::size_t>(task_size());
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t i = static_cast<std::size_t>(ids_out[k]);
    slots_[i].in_flight = false;
    copy_row(out.obs, received.obs, i, k, o);
    copy_row(out.final_obs, received.final_obs, i, k, o);
    copy_row(out.tasks, received.tasks, i, k, d);
    copy_row(out.episode_tasks, received.episode_tasks, i, k, d);
    received.rewards[k] = out.rewards[i];
    received.terminated[k] = out.terminated[i];
    received.truncated[k] = out.truncated[i];
    received.final_mask[k] = out.final_mask[i];
    received.episode_return[k] = out.episode_return[i];
    received.episode_length[k] = out.episode_length[i];
    received.episode_mask[k] = out.episode_mask[i];
    received.started[k] = out.started[i];
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace boxwalk
