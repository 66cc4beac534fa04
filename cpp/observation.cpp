#include "observation.h"

#include <cmath>

#include "constants.h"

namespace boxwalk {
namespace {

constexpr int kParkourFlags = 2;  // under water, dead

}  // namespace

int observation_size(ObservationLayout layout, const Body& body) {
  const bool parkour = layout == ObservationLayout::kParkour;
  return Body::kHeadStateSize + (parkour ? kParkourFlags : 0) + body.motor_state_size() +
         2 * body.grasp_sensor_count() + gym::LIDAR_RAYS * (parkour ? 2 : 1);
}

ObservationBounds observation_bounds(ObservationLayout layout, const Body& body) {
  const bool parkour = layout == ObservationLayout::kParkour;
  const float pi = static_cast<float>(M_PI);
  ObservationBounds b;
  auto add = [&b](float low, float high, int count = 1) {
    b.low.insert(b.low.end(), static_cast<std::size_t>(count), low);
    b.high.insert(b.high.end(), static_cast<std::size_t>(count), high);
  };
  add(-pi, pi);      // hull angle
  add(-5.0f, 5.0f, Body::kHeadStateSize - 1);
  if (parkour) add(0.0f, 1.0f, kParkourFlags);
  for (const bool contact : body.motor_contacts()) {
    add(-pi, pi);
    add(-5.0f, 5.0f);
    if (contact) add(-0.0f, 5.0f);  // Gymnasium declares [-0, 5] for the contact bits
  }
  add(0.0f, 1.0f, 2 * body.grasp_sensor_count());
  add(-1.0f, 1.0f, gym::LIDAR_RAYS);
  if (parkour) add(-1.0f, 1.0f, gym::LIDAR_RAYS);
  return b;
}

}  // namespace boxwalk
