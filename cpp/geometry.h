// Plain-double geometry shared by the terrain generators (no Box2D types: terrains are pure geometry).
#pragma once
#include <cstddef>
#include <initializer_list>
#include <vector>

namespace boxwalk {

// numpy's sign for doubles (0 for 0), used by the grass random walks.
inline double sign(double v) { return v > 0 ? 1.0 : (v < 0 ? -1.0 : 0.0); }

struct Vec2d {
  double x = 0.0;
  double y = 0.0;
};

// Polygons stored flat (one vertex array + offsets) so a reset reuses the buffers instead of allocating.
class PolygonList {
 public:
  void clear() {
    vertices_.clear();
    offsets_.assign(1, 0);
  }
  void add(std::initializer_list<Vec2d> polygon) { add(polygon.begin(), polygon.size()); }
  void add(const Vec2d* polygon, std::size_t n) {
    vertices_.insert(vertices_.end(), polygon, polygon + n);
    offsets_.push_back(vertices_.size());
  }
  std::size_t size() const { return offsets_.size() - 1; }
  const Vec2d* begin_of(std::size_t i) const { return vertices_.data() + offsets_[i]; }
  std::size_t count_of(std::size_t i) const { return offsets_[i + 1] - offsets_[i]; }
  const std::vector<Vec2d>& vertices() const { return vertices_; }
  const std::vector<std::size_t>& offsets() const { return offsets_; }

 private:
  std::vector<Vec2d> vertices_;
  std::vector<std::size_t> offsets_{0};
};

// What a terrain generator produces. Everything is optional but the ground:
// - ground polyline: one static edge body per segment (friction 2.5, category 1);
// - obstacles: solid static polygons, created before the edges, in this order;
// - ceiling polyline (same x as the ground; Parkour), graspable edges;
// - creepers: static sensor boxes (Parkour vines): seen by the lidar, never collided with;
// - water: a static sensor polygon from (ground_x.front(), water_floor) to (ground_x.back(), water_y);
// - finish_x: the episode ends when the hull passes it.
struct TerrainGeometry {
  std::vector<double> ground_x;
  std::vector<double> ground_y;
  PolygonList obstacles;
  std::vector<double> ceiling_y;
  PolygonList creepers;
  bool has_water = false;
  double water_y = 0.0;
  double water_floor = 0.0;
  double finish_x = 0.0;

  void clear() {
    ground_x.clear();
    ground_y.clear();
    obstacles.clear();
    ceiling_y.clear();
    creepers.clear();
    has_water = false;
    water_y = water_floor = finish_x = 0.0;
  }
};

// Whether Box2D 2.3's b2PolygonShape::Set accepts these vertices (3..16 points whose convex hull, after welding
// points closer than half a linear slop, still has 3 vertices). Generators drop polygons that fail, instead of
// tripping a Box2D assertion in the middle of a reset.
bool box2d_accepts_polygon(const Vec2d* v, std::size_t n);

}  // namespace boxwalk
