// TeachMyAgent's fish: a hexagonal head, three tail segments and one ventral fin, all a hair lighter than water so
// that it rises slowly when idle; every motor reports the contact of the part it turns. No spawn force, no head-angle
// term; it dies after too long out of the water.
#include <cmath>

#include "bodies/parts.h"

namespace boxwalk {
namespace {

using gym::SCALE;

// x centres of the tail segments (the reference's expressions); the fish is drawn 1 unit above the spawn height.
double p1_x(double x) { return x - 35.0 / 2 / SCALE - 16.0 / 2 / SCALE; }
double p2_x(double x) { return p1_x(x) - 16.0 / 2 / SCALE - 16.0 / 2 / SCALE; }
double p3_x(double x) { return p2_x(x) - 16.0 / 2 / SCALE - 8.0 / 2 / SCALE; }
double raised(double y) { return y + 1; }

}  // namespace

BodySpec make_fish(const BodyOptions& options) {
  BodySpec spec;
  spec.name = "fish";
  spec.kind = BodyKind::kSwimmer;
  spec.lidar = LidarKind::kFull;
  spec.motors_torque = 80;
  spec.torque_penalty = 0.00035;
  spec.head_angle_reward = false;
  spec.spawn_height = 9 / SCALE;
  spec.agent_width = 35 / SCALE;
  const auto density = static_cast<float>(options.density - 0.01);
  const Rgb fill = parts::rgb(0.5, 0.4, 0.9), outline = parts::rgb(0.3, 0.3, 0.5);

  auto add_part = [&](const char* name, const std::vector<Point>& pixels, float friction, Placement position,
                      double angle = 0.0) {
    PartSpec part;
    part.name = name;
    part.fixtures = {parts::polygon(pixels, density, friction, 0x0F)};
    part.position = std::move(position);
    part.angle = angle;
    part.fill = fill;
    part.outline = outline;
    part.reports_contact = true;
    spec.parts.push_back(std::move(part));
    return static_cast<int>(spec.parts.size()) - 1;
  };

  const int head = add_part("head", {{-20, +12}, {+6, +12}, {+15, +4}, {+15, -4}, {+6, -12}, {-20, -12}}, 0.1f,
                            [](double x, double y) { return Point{x, raised(y)}; });
  const int p1 = add_part("body", {{-8, +9}, {+8, +12}, {+8, -12}, {-8, -9}}, 0.2f,
                          [](double x, double y) { return Point{p1_x(x), raised(y)}; });
  spec.joints.push_back(parts::motor(head, p1, [](double x, double y) {
    return Point{x - 35.0 / 2 / SCALE, raised(y)};
  }, -0.1 * M_PI, 0.2 * M_PI, parts::kSpeedKnee, p1));
  const int p2 = add_part("body", {{-8, +4}, {+8, +9}, {+8, -9}, {-8, -4}}, 0.2f,
                          [](double x, double y) { return Point{p2_x(x), raised(y)}; });
  spec.joints.push_back(parts::motor(p1, p2, [](double x, double y) {
    return Point{p1_x(x) - 16.0 / 2 / SCALE, raised(y)};
  }, -0.15 * M_PI, 0.15 * M_PI, parts::kSpeedKnee, p2));
  const int p3 = add_part("tail", {{-4, +2}, {+4, +4}, {+4, -4}, {-4, -2}}, 0.2f,
                          [](double x, double y) { return Point{p3_x(x), raised(y)}; });
  spec.joints.push_back(parts::motor(p2, p3, [](double x, double y) {
    return Point{p2_x(x) - 16.0 / 2 / SCALE, raised(y)};
  }, -0.3 * M_PI, 0.3 * M_PI, parts::kSpeedKnee, p3));

  // The fin hangs from a point under the head, tilted back by 0.2 pi.
  const double fin_angle = -0.2 * M_PI;
  const double fin_dx = std::sin(fin_angle) * 20 / 2 / SCALE, fin_dy = std::cos(fin_angle) * 20 / 2 / SCALE;
  auto fin_anchor = [](double x, double y) { return Point{x, raised(y) - 22.0 / 2 / SCALE + 0.2}; };
  const int fin = add_part("fin", {{-1, -10}, {-1, +10}, {+1, +10}, {+1, -10}}, 0.2f, [=](double x, double y) {
    const Point a = fin_anchor(x, y);
    return Point{a.x + fin_dx, a.y - fin_dy};
  }, fin_angle);
  spec.joints.push_back(parts::motor(head, fin, fin_anchor, -0.3 * M_PI, 0.2 * M_PI, parts::kSpeedKnee, fin));
  return spec;
}

}  // namespace boxwalk
