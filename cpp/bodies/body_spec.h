// A body as data: its parts (rigid bodies with one or more fixtures), its joints, which parts report contacts or
// end the episode when they touch something, and the constants of its reward. Adding a body is one file that
// builds a BodySpec, plus one line in registry.cpp.
#pragma once
#include <Box2D/Box2D.h>

#include <functional>
#include <string>
#include <vector>

#include "render/color.h"

namespace boxwalk {

// Points are computed in doubles from the spawn point, with the reference code's own expressions, and rounded to
// float32 where pybox2d would round them: the same arithmetic gives the same bits.
struct Point {
  double x = 0.0, y = 0.0;
};
using Placement = std::function<Point(double init_x, double init_y)>;

struct FixtureSpec {
  enum class Shape { kPolygon, kBox, kCircle };
  Shape shape = Shape::kBox;
  std::vector<Point> vertices;        // kPolygon, body-local
  double half_width = 0.0, half_height = 0.0;  // kBox
  double radius = 0.0;                // kCircle
  Point center;                       // kCircle, body-local
  float density = 1.0f;
  float friction = 0.2f;              // pybox2d's default
  float restitution = 0.0f;
  uint16 category = 0x20;
  uint16 mask = 0x01;
  bool sensor = false;
};

struct PartSpec {
  std::string name;
  std::vector<FixtureSpec> fixtures;
  Placement position;
  double angle = 0.0;
  Rgb fill, outline;
  bool reports_contact = false;  // its contact flag feeds a motor's contact bit (or the critical check)
  bool critical = false;         // a contact with it ends the episode with -100
  bool spawn_force = false;      // gets the random horizontal spawn force right after it is created
  bool grasp_sensor = false;     // a climber's hand sensor: the grasp actions drive it (see grasp.h)
};

struct JointSpec {
  int part_a = 0, part_b = 0;
  int after_part = -1;  // created right after this part (default: the later of part_a and part_b)
  bool weld = false;    // a weld joint at the world anchor (a grasp sensor on its hand); no limits, no motor
  // Either body-local anchors (Gymnasium's legs) or one world anchor converted by each body's GetLocalPoint
  // (pybox2d's `anchor=`; TeachMyAgent's newer bodies).
  bool world_anchor = false;
  Point local_a, local_b;
  Placement anchor;
  bool enable_limit = true;
  double lower = 0.0, upper = 0.0;
  bool enable_motor = true;
  double motor_speed = 0.0;  // the speed it is created with
  // Motors are the revolute joints the actions drive; their state is [angle + angle_correction, speed / speed_control
  // (, contact of contact_part)].
  bool is_motor = true;
  double speed_control = 1.0;
  double angle_correction = 0.0;
  int contact_part = -1;
};

enum class BodyKind { kWalker, kSwimmer, kClimber, kAmphibian };
enum class LidarKind { kDown, kUp, kFull };

struct BodySpec {
  std::string name;
  BodyKind kind = BodyKind::kWalker;
  // Parts in creation order; each joint is created right after its after_part, in list order.
  std::vector<PartSpec> parts;
  std::vector<JointSpec> joints;
  int head = 0;                      // the reference part: observation, shaping, lidar origin
  std::vector<int> draw_order;       // back to front; empty: creation order
  double motors_torque = 80.0;
  double torque_penalty = 0.00035;   // the reward subtracts torque_penalty * 80 * clip(|a|, 0, 1) per motor
  bool head_angle_reward = true;     // shaping -= 5 |head angle|
  // Spawn height above TERRAIN_HEIGHT: 2 * LEG_H for the "old" morphologies, AGENT_CENTER_HEIGHT otherwise.
  double spawn_height = 0.0;
  double agent_width = 0.0;
  LidarKind lidar = LidarKind::kDown;
};

// What the environment decides about a body: its density when the family asks for water-density bodies, and
// whether its head's contacts are critical (Stump Tracks walkers: yes; Parkour walkers: no).
struct BodyOptions {
  double density = 1.0;  // water density: swimmers and amphibians scale their parts by it
  bool head_contact_critical = true;
};

}  // namespace boxwalk
