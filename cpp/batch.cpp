#include "batch.h"

#include <algorithm>
#include <cstring>

namespace boxwalk {

Batch::Batch(const std::vector<EnvConfig>& configs, int num_threads, int64_t max_episode_steps, AutoresetMode mode)
    : max_episode_steps_(max_episode_steps),
      mode_(mode),
      pool_(std::max(1, std::min(num_threads, static_cast<int>(configs.size())))) {
  slots_.resize(configs.size());
  for (std::size_t i = 0; i < configs.size(); ++i) slots_[i].env = std::make_unique<WalkerEnv>(configs[i]);
}

void Batch::reset_slot(Slot& slot, float* obs) {
  slot.env->reset(slot.rng, obs);
  slot.elapsed = 0;
  slot.episode_return = 0.0;
  slot.episode_length = 0;
  slot.needs_reset = false;
}

void Batch::reset(const bool* mask, const bool* has_seed, const uint64_t* seeds, float* obs) {
  pool_.parallel_for(size(), [&](int i) {
    if (mask != nullptr && !mask[i]) return;
    Slot& slot = slots_[i];
    if (has_seed != nullptr && has_seed[i]) slot.rng = Pcg64::from_seed(seeds[i]);
    reset_slot(slot, obs + static_cast<std::size_t>(i) * WalkerEnv::kObsSize);
  });
}

void Batch::step_slot(int i, const double* action, bool float32_reward, const StepBuffers& out) {
  Slot& slot = slots_[i];
  float* obs = out.obs + static_cast<std::size_t>(i) * WalkerEnv::kObsSize;
  out.episode_mask[i] = false;
  if (out.final_mask != nullptr) out.final_mask[i] = false;

  if (mode_ == AutoresetMode::NextStep && slot.needs_reset) {
    reset_slot(slot, obs);
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
  if (mode_ == AutoresetMode::NextStep) {
    slot.needs_reset = true;
  } else if (mode_ == AutoresetMode::SameStep) {
    std::memcpy(out.final_obs + static_cast<std::size_t>(i) * WalkerEnv::kObsSize, obs,
                sizeof(float) * WalkerEnv::kObsSize);
    out.final_mask[i] = true;
    reset_slot(slot, obs);
  }
}

void Batch::step(const void* actions, bool actions_are_float32, const StepBuffers& out) {
  pool_.parallel_for(size(), [&](int i) {
    double action[WalkerEnv::kActionSize];
    const std::size_t base = static_cast<std::size_t>(i) * WalkerEnv::kActionSize;
    for (int j = 0; j < WalkerEnv::kActionSize; ++j)
      action[j] = actions_are_float32 ? static_cast<const float*>(actions)[base + j]
                                      : static_cast<const double*>(actions)[base + j];
    step_slot(i, action, actions_are_float32, out);
  });
}

}  // namespace boxwalk
