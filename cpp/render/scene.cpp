#include "render/scene.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "constants.h"
#include "render/canvas.h"

namespace boxwalk {
namespace {

using namespace gym;

// Gymnasium's palette.
constexpr Rgb kSky{215, 215, 255};
constexpr Rgb kCloud{255, 255, 255};
constexpr Rgb kGround{102, 153, 76};
constexpr Rgb kEdgeEven{76, 255, 76};
constexpr Rgb kEdgeOdd{76, 204, 76};
constexpr Rgb kObstacleFill{255, 255, 255};
constexpr Rgb kObstacleOutline{153, 153, 153};
constexpr Rgb kLidar{255, 0, 0};
constexpr Rgb kFlag{230, 51, 0};
constexpr Rgb kBlack{0, 0, 0};
// Parkour's extra elements (boxwalk's own colours).
constexpr Rgb kCreeper{110, 75, 40};
constexpr Rgb kWater{40, 90, 230};
constexpr double kWaterAlpha = 0.35;

// World metres -> frame pixels. Gymnasium draws on a surface of int(600 + max(0, scroll) * 30) columns and keeps the
// last 600, then flips it vertically; `left` is the first kept column.
struct View {
  double left;      // pixels
  double bottom;    // metres: the world y at the bottom edge of the frame
  double scroll;    // metres: Gymnasium's scroll (hull x - 4)
  Pixel operator()(double x, double y) const { return {x * SCALE - left, kFrameHeight - (y - bottom) * SCALE}; }
  double min_x() const { return left / SCALE; }
  double max_x() const { return (left + kFrameWidth) / SCALE; }
  double top() const { return bottom + kFrameHeight / SCALE; }
};

double height_at(const std::vector<double>& xs, const std::vector<double>& ys, double x) {
  auto it = std::upper_bound(xs.begin(), xs.end(), x);
  if (it == xs.begin()) return ys.front();
  if (it == xs.end()) return ys.back();
  const std::size_t i = static_cast<std::size_t>(it - xs.begin());
  const double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
  return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

void fill_polygons(Canvas& canvas, const View& view, const PolygonList& polygons, Rgb fill, const Rgb* outline,
                   double alpha, double x_shift = 0.0) {
  std::vector<Pixel> px;
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    const Vec2d* v = polygons.begin_of(i);
    px.clear();
    for (std::size_t k = 0; k < polygons.count_of(i); ++k) px.push_back(view(v[k].x + x_shift, v[k].y));
    canvas.fill_polygon(px.data(), static_cast<int>(px.size()), fill, alpha);
    if (outline != nullptr) canvas.draw_outline(px.data(), static_cast<int>(px.size()), *outline);
  }
}

// The band between a polyline over ground_x and a horizontal line at `far_y`, plus the polyline's edges.
void draw_band(Canvas& canvas, const View& view, const std::vector<double>& xs, const std::vector<double>& ys,
               double far_y) {
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
    if (xs[i + 1] < view.min_x() || xs[i] > view.max_x()) continue;
    const Pixel quad[4] = {view(xs[i], ys[i]), view(xs[i + 1], ys[i + 1]), view(xs[i + 1], far_y),
                           view(xs[i], far_y)};
    canvas.fill_polygon(quad, 4, kGround);
  }
}

void draw_edges(Canvas& canvas, const View& view, const std::vector<double>& xs, const std::vector<double>& ys) {
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
    if (xs[i + 1] < view.min_x() || xs[i] > view.max_x()) continue;
    canvas.draw_line(view(xs[i], ys[i]), view(xs[i + 1], ys[i + 1]), i % 2 == 0 ? kEdgeEven : kEdgeOdd);
  }
}

// TeachMyAgent's cues: the head's fill reddens as the body nears its survival limit; holding hands turn yellow.
void mark_body_state(const WalkerEnv& env, std::vector<BodyPart>& parts) {
  const double f = std::min(1.0, env.survival_fraction());
  const std::vector<b2Body*> sensors = env.body().grasp_sensors();
  auto toward = [f](uint8_t c, double target) { return static_cast<uint8_t>(c + f * (target - c)); };
  for (BodyPart& part : parts) {
    if (part.body == env.body().head() && f > 0) part.fill = {toward(part.fill.r, 255), toward(part.fill.g, 0),
                                                             toward(part.fill.b, 0)};
    for (std::size_t i = 0; i < sensors.size(); ++i)
      if (part.body == sensors[i] && env.holding(static_cast<int>(i))) part.fill = part.outline = {255, 255, 0};
  }
}

void draw_body_part(Canvas& canvas, const View& view, const BodyPart& part) {
  const b2Transform& transform = part.body->GetTransform();
  Pixel px[b2_maxPolygonVertices];
  for (const b2Fixture* f = part.body->GetFixtureList(); f != nullptr; f = f->GetNext()) {
    const b2Shape* shape = f->GetShape();
    if (shape->GetType() == b2Shape::e_polygon) {
      const auto* polygon = static_cast<const b2PolygonShape*>(shape);
      const int n = polygon->GetVertexCount();
      for (int k = 0; k < n; ++k) {
        const b2Vec2 w = b2Mul(transform, polygon->GetVertex(k));
        px[k] = view(w.x, w.y);
      }
      canvas.fill_polygon(px, n, part.fill);
      canvas.draw_outline(px, n, part.outline);
    } else if (shape->GetType() == b2Shape::e_circle) {
      const auto* circle = static_cast<const b2CircleShape*>(shape);
      const b2Vec2 c = b2Mul(transform, circle->m_p);
      canvas.fill_circle(view(c.x, c.y), circle->m_radius * SCALE, part.outline);
      canvas.fill_circle(view(c.x, c.y), circle->m_radius * SCALE - 1.0, part.fill);
    } else if (shape->GetType() == b2Shape::e_edge) {
      const auto* edge = static_cast<const b2EdgeShape*>(shape);
      const b2Vec2 a = b2Mul(transform, edge->m_vertex1), b = b2Mul(transform, edge->m_vertex2);
      canvas.draw_line(view(a.x, a.y), view(b.x, b.y), part.fill);
    }
  }
}

void draw_flag(Canvas& canvas, const View& view, const TerrainGeometry& terrain) {
  const double x = TERRAIN_STEP * 3;
  const double y1 = height_at(terrain.ground_x, terrain.ground_y, x);  // TERRAIN_HEIGHT on Gymnasium's start pad
  const double y2 = y1 + 50 / SCALE;
  canvas.draw_line(view(x, y1), view(x, y2), kBlack);
  const Pixel flag[3] = {view(x, y2), view(x, y2 - 10 / SCALE), view(x + 25 / SCALE, y2 - 5 / SCALE)};
  canvas.fill_polygon(flag, 3, kFlag);
  canvas.draw_outline(flag, 3, kBlack);
}

}  // namespace

void render_frame(const WalkerEnv& env, const RenderOptions& options, uint8_t* pixels) {
  Canvas canvas(pixels, kFrameWidth, kFrameHeight);
  const TerrainGeometry& terrain = env.terrain();
  const b2Vec2 hull = env.hull_position();

  View view;
  view.scroll = hull.x - VIEWPORT_W / SCALE / 5;
  view.left = static_cast<int>(VIEWPORT_W + std::max(0.0, view.scroll) * SCALE) - VIEWPORT_W;
  // Families with large height changes keep the hull at its spawn height in the frame.
  view.bottom = env.family().camera_follows_y ? hull.y - (TERRAIN_HEIGHT + 2 * LEG_H) : 0.0;

  canvas.clear(kSky);
  fill_polygons(canvas, view, env.clouds(), kCloud, nullptr, 1.0, view.scroll / 2);  // parallax: half speed
  draw_band(canvas, view, terrain.ground_x, terrain.ground_y, view.bottom - 1.0);
  if (!terrain.ceiling_y.empty()) draw_band(canvas, view, terrain.ground_x, terrain.ceiling_y, view.top() + 1.0);
  fill_polygons(canvas, view, terrain.creepers, kCreeper, nullptr, 1.0);
  if (options.lidar) {
    const Pixel origin = view(hull.x, hull.y);
    for (int i = 0; i < WalkerEnv::kLidarRays; ++i) {
      const b2Vec2 end = env.lidar_end(i);
      canvas.draw_line(origin, view(end.x, end.y), kLidar);
    }
  }
  draw_edges(canvas, view, terrain.ground_x, terrain.ground_y);
  if (!terrain.ceiling_y.empty()) draw_edges(canvas, view, terrain.ground_x, terrain.ceiling_y);
  fill_polygons(canvas, view, terrain.obstacles, kObstacleFill, &kObstacleOutline, 1.0);

  std::vector<BodyPart> parts;
  env.body().append_parts(parts);
  mark_body_state(env, parts);
  for (const BodyPart& part : parts) draw_body_part(canvas, view, part);

  if (terrain.has_water) {
    const double x0 = std::max(terrain.ground_x.front(), view.min_x() - 1.0);
    const double x1 = std::min(terrain.ground_x.back(), view.max_x() + 1.0);
    const double y0 = std::max(terrain.water_floor, view.bottom - 1.0);
    const double y1 = std::min(terrain.water_y, view.top() + 1.0);
    if (x0 < x1 && y0 < y1) {
      const Pixel water[4] = {view(x0, y0), view(x1, y0), view(x1, y1), view(x0, y1)};
      canvas.fill_polygon(water, 4, kWater, kWaterAlpha);
    }
  }
  draw_flag(canvas, view, terrain);
}

}  // namespace boxwalk
