// TeachMyAgent's climbing: grasp sensors at a climber's hands that hold on to the ceiling or a creeper with a
// revolute joint while their grasp action is positive (TeachMyAgent's climbing rule).
#pragma once
#include <Box2D/Box2D.h>

#include <vector>

namespace boxwalk {

class Grasp {
 public:
  // The body's grasp sensors, in action order (the last action dimensions, one per sensor).
  void attach(std::vector<b2Body*> sensors);
  void clear();
  int size() const { return static_cast<int>(sensors_.size()); }
  // Index of `body` among the sensors, or -1.
  int sensor_index(const b2Body* body) const;

  // The listener's contacts between a sensor and something graspable.
  void begin_contact(int sensor, b2Body* graspable);
  void end_contact(int sensor, b2Body* graspable);

  // Before world.Step: a positive action makes a sensor ready to grasp; any other releases its grasp.
  void before_step(const double* grasp_actions, b2World& world);
  // After world.Step: a ready sensor touching something graspable, and still over it, grabs it.
  void after_step(b2World& world);

  // Per sensor: touching something graspable, holding on.
  void write_state(float* out) const;
  bool holding(int sensor) const { return sensors_[static_cast<std::size_t>(sensor)].joint != nullptr; }
  // What sensor i holds on to (nullptr: nothing).
  const b2Body* held(int sensor) const {
    b2Joint* joint = sensors_[static_cast<std::size_t>(sensor)].joint;
    return joint != nullptr ? joint->GetBodyB() : nullptr;
  }

 private:
  struct Sensor {
    b2Body* body = nullptr;
    std::vector<b2Body*> touching;  // in contact order; the first is the one grabbed
    bool has_contact = false;
    bool ready = false;
    b2Joint* joint = nullptr;
  };
  std::vector<Sensor> sensors_;
  std::vector<int> first_contact_order_;  // the reference visits sensors in the order they first touched
};

}  // namespace boxwalk
