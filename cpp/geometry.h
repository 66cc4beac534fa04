// Plain-double geometry shared by the terrain generators (no Box2D types: terrains are pure geometry).
#pragma once
#include <cstddef>
#include <initializer_list>
#include <vector>

namespace boxwalk {

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
  void add(std::initializer_list<Vec2d> polygon) {
    vertices_.insert(vertices_.end(), polygon.begin(), polygon.end());
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

// What a terrain generator produces: a ground polyline (one static edge body per segment), static obstacle
// polygons (created before the edges, in this order), and where the episode's finish line is.
struct TerrainGeometry {
  std::vector<double> ground_x;
  std::vector<double> ground_y;
  PolygonList obstacles;
  double finish_x = 0.0;

  void clear() {
    ground_x.clear();
    ground_y.clear();
    obstacles.clear();
  }
};

}  // namespace boxwalk
