// TeachMyAgent's simplified water: buoyancy, drag, lift and a "push" from motor torque on the submerged part of every
// body fixture touching the water sensor (TeachMyAgent's water dynamics). The forces are computed after world.Step and so
// act during the next step, as in the reference.
#pragma once
#include <Box2D/Box2D.h>

#include <vector>

namespace boxwalk {

class Water {
 public:
  // The reference caps each push force component at this ("water_clip").
  static constexpr double kMaxPush = 20.0;

  // Contact bookkeeping, in the listener's order: the forces are applied pair by pair in that order.
  void begin_contact(b2Fixture* water, b2Fixture* part);
  void end_contact(b2Fixture* water, b2Fixture* part);
  void clear() { pairs_.clear(); }
  bool empty() const { return pairs_.empty(); }

  // Applies the forces of every (water, part) pair in contact; `gravity` is the world's.
  void apply_forces(const b2Vec2& gravity);

  // Submerged area of `body`'s fixtures at the last apply_forces (0 when out of the water).
  double submerged_area(const b2Body* body) const;

 private:
  struct Pair {
    b2Fixture* water;
    b2Fixture* part;
    double submerged_area = 0.0;
  };
  std::vector<Pair> pairs_;
  std::vector<b2Vec2> clipped_, input_;  // scratch for the clipping, reused across steps
};

}  // namespace boxwalk
