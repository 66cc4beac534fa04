#include "observation.h"

#include <cmath>
#include <limits>

#include "constants.h"

namespace boxwalk {
namespace {

constexpr int kParkourFlags = 2;  // under water, dead

// b2Island clamps every body's velocities after each solve so that one step moves it at most b2_maxTranslation
// and turns it at most b2_maxRotation; the clamp itself rounds, so the caps get a relative margin far above float32
// rounding and far below anything a body could use.
constexpr double kCapMargin = 1.0 + 1e-5;
constexpr double kMaxSpeed = b2_maxTranslation * gym::FPS * kCapMargin;      // per velocity component, m/s
constexpr double kMaxAngularSpeed = b2_maxRotation * gym::FPS * kCapMargin;  // rad/s

}  // namespace

int observation_size(ObservationLayout layout, const Body& body) {
  const bool parkour = layout == ObservationLayout::kParkour;
  return Body::kHeadStateSize + (parkour ? kParkourFlags : 0) + body.motor_state_size() +
         2 * body.grasp_sensor_count() + gym::LIDAR_RAYS * (parkour ? 2 : 1);
}

ObservationBounds observation_bounds(const TerrainFamily& family, const Body& body) {
  using namespace gym;
  const bool parkour = family.observation == ObservationLayout::kParkour;
  const bool gymnasium = family.bodies == BodyRule::kGymnasiumWalker;
  const float pi = static_cast<float>(M_PI);
  const float inf = std::numeric_limits<float>::infinity();
  ObservationBounds b;
  auto add = [&b](double bound_low, double bound_high, int count = 1) {
    b.low.insert(b.low.end(), static_cast<std::size_t>(count), static_cast<float>(bound_low));
    b.high.insert(b.high.end(), static_cast<std::size_t>(count), static_cast<float>(bound_high));
  };
  auto symmetric = [&add](double bound) { add(-bound, bound); };
  const std::vector<bool> contacts = body.motor_contacts();
  const std::vector<double> speed_controls = body.motor_speed_controls();
  if (gymnasium) {
    symmetric(pi);  // hull angle
    add(-5.0, 5.0, Body::kHeadStateSize - 1);
    for (const bool contact : contacts) {
      symmetric(pi);
      symmetric(5.0);
      if (contact) add(-0.0, 5.0);  // Gymnasium declares [-0, 5] for the contact bits
    }
    add(0.0, 1.0, 2 * body.grasp_sensor_count());
    add(-1.0, 1.0, LIDAR_RAYS);
    return b;
  }
  // The head state as Body::write_head_state scales it.
  symmetric(inf);
  symmetric(2.0 * kMaxAngularSpeed / FPS);
  symmetric(0.3 * kMaxSpeed * (VIEWPORT_W / SCALE) / FPS);
  symmetric(0.3 * kMaxSpeed * (VIEWPORT_H / SCALE) / FPS);
  if (parkour) add(0.0, 1.0, kParkourFlags);
  for (std::size_t m = 0; m < contacts.size(); ++m) {
    symmetric(inf);
    // A joint's speed is the difference of its two bodies' angular velocities.
    symmetric(2.0 * kMaxAngularSpeed / speed_controls[m]);
    if (contacts[m]) add(0.0, 1.0);
  }
  add(0.0, 1.0, 2 * body.grasp_sensor_count());
  add(0.0, 1.0, LIDAR_RAYS);
  if (parkour) add(-1.0, 1.0, LIDAR_RAYS);
  return b;
}

}  // namespace boxwalk
