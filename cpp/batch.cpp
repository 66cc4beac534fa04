#include "batch.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

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

void Batch::set_next_tasks(const int64_t* indices, const double* tasks, std::size_t count) {
  const std::size_t d = static_cast<std::size_t>(task_size());
  for (std::size_t k = 0; k < count; ++k) {
    if (indices[k] < 0 || indices[k] >= size()) throw std::out_of_range("env index out of range");
    Slot& slot = slots_[indices[k]];
    std::copy(tasks + k * d, tasks + (k + 1) * d, slot.next_task.begin());
    slot.has_next_task = true;
  }
}

void Batch::reset_slot(int i, const BatchBuffers& out) {
  Slot& slot = slots_[i];
  const std::size_t o = static_cast<std::size_t>(obs_size()), d = static_cast<std::size_t>(task_size());
  slot.env->reset(slot.rng, slot.has_next_task ? slot.next_task.data() : nullptr, out.obs + i * o);
  slot.has_next_task = false;
  std::copy(slot.env->task().begin(), slot.env->task().end(), out.tasks + i * d);
  out.started[i] = true;
  slot.elapsed = 0;
  slot.episode_return = 0.0;
  slot.episode_length = 0;
  slot.needs_reset = false;
}

void Batch::reset(const bool* mask, const bool* has_seed, const uint64_t* seeds, const BatchBuffers& out) {
  pool_.parallel_for(size(), [&](int i) {
    out.started[i] = false;
    if (mask != nullptr && !mask[i]) return;
    Slot& slot = slots_[i];
    if (has_seed != nullptr && has_seed[i]) {
      slot.rng = Pcg64::from_seed(seeds[i]);
      slot.env->seed_task_sampler(seeds[i]);
    }
    reset_slot(i, out);
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
    reset_slot(i, out);
    out.rewards[i] = 0.0;
    out.terminated[i] = false;
    out.truncated[i] = false;
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
  if (!(r.terminated || truncated)) return;

  out.episode_mask[i] = true;
  out.episode_return[i] = slot.episode_return;
  out.episode_length[i] = slot.episode_length;
  std::copy(slot.env->task().begin(), slot.env->task().end(), out.episode_tasks + i * d);
  if (mode_ == AutoresetMode::NextStep) {
    slot.needs_reset = true;
  } else if (mode_ == AutoresetMode::SameStep) {
    std::memcpy(out.final_obs + i * o, obs, sizeof(float) * o);
    out.final_mask[i] = true;
    reset_slot(i, out);
  }
}

void Batch::step(const void* actions, bool actions_are_float32, const BatchBuffers& out) {
  pool_.parallel_for(size(), [&](int i) {
    double action[kMaxActions];
    const int k = action_size();
    const std::size_t base = static_cast<std::size_t>(i) * static_cast<std::size_t>(k);
    for (int j = 0; j < k; ++j)
      action[j] = actions_are_float32 ? static_cast<const float*>(actions)[base + j]
                                      : static_cast<const double*>(actions)[base + j];
    step_slot(i, action, actions_are_float32, out);
  });
}

void Batch::render(const RenderOptions& options, uint8_t* frames) {
  pool_.parallel_for(size(), [&](int i) { render_frame(*slots_[i].env, options, frames + i * kFrameBytes); });
}

}  // namespace boxwalk
