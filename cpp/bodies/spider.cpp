// TeachMyAgent's spider: a 20x20 px body and two pairs of three-segment legs (6x20 px) spreading at 0.25, 0.7
// and 0.9 pi; the last segment reports contact.
#include <cmath>

#include "bodies/parts.h"

namespace boxwalk {
namespace {

using gym::SCALE;

constexpr double kBodyWidth = 20;  // pixels
const double kLegDown = 4 / SCALE;
const double kLegW = 6 / SCALE, kLegH = 20 / SCALE;

// One leg's segment centres and joint anchors, in the reference code's arithmetic.
struct LegGeometry {
  double ux, uy, uxd, uyd, mx, my, mxd, myd, lx, ly, lxd, lyd;
  LegGeometry(double init_x, double init_y, int i) {
    const double upper_angle = 0.25 * M_PI * i, middle_angle = 0.7 * M_PI * i, lower_angle = 0.9 * M_PI * i;
    uxd = std::sin(upper_angle) * kLegH / 2;
    uyd = std::cos(upper_angle) * kLegH / 2;
    ux = init_x - i * kBodyWidth / SCALE / 2 - uxd;
    uy = init_y + uyd - kLegDown;
    mxd = std::sin(middle_angle) * kLegH / 2;
    myd = -std::cos(middle_angle) * kLegH / 2;
    mx = ux - uxd - mxd;
    my = uy + uyd - myd;
    lxd = std::sin(lower_angle) * kLegH / 2;
    lyd = -std::cos(lower_angle) * kLegH / 2;
    lx = mx - mxd - lxd;
    ly = my - myd - lyd;
  }
};

PartSpec segment(const char* name, FixtureSpec fixture, Placement position, double angle) {
  PartSpec part;
  part.name = name;
  part.fixtures = {std::move(fixture)};
  part.position = std::move(position);
  part.angle = angle;
  part.fill = parts::rgb(0.7, 0.4, 0.6);
  part.outline = parts::rgb(0.5, 0.3, 0.4);
  return part;
}

}  // namespace

BodySpec make_spider(const BodyOptions& options) {
  BodySpec spec;
  spec.name = "spider";
  spec.motors_torque = 100;
  spec.torque_penalty = 0.00035 / 2;  // per pair of legs
  spec.spawn_height = kLegH + kLegDown;
  spec.agent_width = kBodyWidth / SCALE + kLegH * 4;

  spec.parts.push_back(parts::square_main_body(options));

  for (int i : {+1, -1, +1, -1}) {
    const int upper = static_cast<int>(spec.parts.size());
    spec.parts.push_back(segment("upper_leg", parts::box(kLegW / 2, kLegH / 2, 1.0f, 0x0F), [i](double x, double y) {
      const LegGeometry g(x, y, i);
      return Point{g.ux, g.uy};
    }, 0.25 * M_PI * i));
    spec.joints.push_back(parts::motor(0, upper, [i](double x, double y) {
      return Point{x - i * kBodyWidth / SCALE / 2, y - kLegDown};
    }, -0.1 * M_PI, 0.1 * M_PI, parts::kSpeedHip));

    spec.parts.push_back(segment("middle_leg", parts::box(kLegW / 2, kLegH / 2, 1.0f, 0x0F), [i](double x, double y) {
      const LegGeometry g(x, y, i);
      return Point{g.mx, g.my};
    }, 0.7 * M_PI * i));
    spec.joints.push_back(parts::motor(upper, upper + 1, [i](double x, double y) {
      const LegGeometry g(x, y, i);
      return Point{g.ux - g.uxd, g.uy + g.uyd};
    }, -0.15 * M_PI, 0.15 * M_PI, parts::kSpeedHip));

    PartSpec lower = segment("lower_leg", parts::box(0.8 * kLegW / 2, kLegH / 2, 1.0f, 0x0F),
                             [i](double x, double y) {
                               const LegGeometry g(x, y, i);
                               return Point{g.lx, g.ly};
                             }, 0.9 * M_PI * i);
    lower.reports_contact = true;
    spec.parts.push_back(lower);
    spec.joints.push_back(parts::motor(upper + 1, upper + 2, [i](double x, double y) {
      const LegGeometry g(x, y, i);
      return Point{g.mx - g.mxd, g.my - g.myd};
    }, -0.2 * M_PI, 0.2 * M_PI, parts::kSpeedKnee, upper + 2));
  }
  return spec;
}

}  // namespace boxwalk
