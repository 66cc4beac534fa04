// Draws one walker environment into an RGB frame with Gymnasium BipedalWalker's view: 600 x 400 pixels, 30 pixels
// per metre, the view scrolled so that the hull sits a fifth of the way in (clouds scroll at half speed).
#pragma once
#include <cstdint>

#include "env.h"

namespace boxwalk {

constexpr int kFrameWidth = 600;
constexpr int kFrameHeight = 400;
constexpr std::size_t kFrameBytes = static_cast<std::size_t>(kFrameWidth) * kFrameHeight * 3;

struct RenderOptions {
  bool lidar = false;  // draw the ten lidar rays of the last observation
};

// Writes kFrameBytes (height x width x RGB) into `pixels`. The env must have an episode.
void render_frame(const WalkerEnv& env, const RenderOptions& options, uint8_t* pixels);

}  // namespace boxwalk
