#include "render/canvas.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace boxwalk {

void Canvas::clear(Rgb color) {
  fill_span(0, 0, width_ - 1, color);
  const std::size_t row = static_cast<std::size_t>(width_) * 3;
  for (int y = 1; y < height_; ++y) std::memcpy(pixels_ + y * row, pixels_, row);
}

void Canvas::fill_span(int y, int x0, int x1, Rgb color) {
  uint8_t* p = pixels_ + 3 * (static_cast<std::size_t>(y) * width_ + x0);
  for (int x = x0; x <= x1; ++x, p += 3) {
    p[0] = color.r;
    p[1] = color.g;
    p[2] = color.b;
  }
}

void Canvas::blend(int x, int y, Rgb color, double alpha) {
  uint8_t* p = pixels_ + 3 * (static_cast<std::size_t>(y) * width_ + x);
  if (alpha >= 1.0) {
    p[0] = color.r;
    p[1] = color.g;
    p[2] = color.b;
    return;
  }
  const uint8_t c[3] = {color.r, color.g, color.b};
  for (int k = 0; k < 3; ++k) p[k] = static_cast<uint8_t>(std::lround(p[k] + alpha * (c[k] - p[k])));
}

void Canvas::fill_polygon(const Pixel* points, int n, Rgb color, double alpha) {
  if (n < 3) return;
  double min_x = points[0].x, max_x = min_x, min_y = points[0].y, max_y = min_y;
  for (int i = 1; i < n; ++i) {
    min_x = std::min(min_x, points[i].x);
    max_x = std::max(max_x, points[i].x);
    min_y = std::min(min_y, points[i].y);
    max_y = std::max(max_y, points[i].y);
  }
  if (max_x < 0 || min_x > width_ || max_y < 0 || min_y > height_) return;
  // Rows whose pixel centre (row + 0.5) lies in [min_y, max_y].
  const int row0 = std::max(0, static_cast<int>(std::ceil(min_y - 0.5)));
  const int row1 = std::min(height_ - 1, static_cast<int>(std::floor(max_y - 0.5)));
  for (int row = row0; row <= row1; ++row) {
    const double yc = row + 0.5;
    crossings_.clear();
    for (int i = 0, j = n - 1; i < n; j = i++) {
      const Pixel& a = points[j];
      const Pixel& b = points[i];
      if ((a.y <= yc) != (b.y <= yc)) crossings_.push_back(a.x + (yc - a.y) * (b.x - a.x) / (b.y - a.y));
    }
    std::sort(crossings_.begin(), crossings_.end());
    for (std::size_t k = 0; k + 1 < crossings_.size(); k += 2) {
      // Columns whose centre (col + 0.5) lies in [x0, x1).
      const int col0 = std::max(0, static_cast<int>(std::ceil(crossings_[k] - 0.5)));
      const int col1 = std::min(width_ - 1, static_cast<int>(std::ceil(crossings_[k + 1] - 0.5)) - 1);
      if (alpha >= 1.0) fill_span(row, col0, col1, color);
      else for (int col = col0; col <= col1; ++col) blend(col, row, color, alpha);
    }
  }
}

void Canvas::draw_line(Pixel a, Pixel b, Rgb color) {
  // Liang-Barsky clip to the canvas (plus a pixel), so that a line far off screen costs nothing.
  const double lo_x = -1, hi_x = width_ + 1, lo_y = -1, hi_y = height_ + 1;
  const double dx = b.x - a.x, dy = b.y - a.y;
  double t0 = 0, t1 = 1;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {a.x - lo_x, hi_x - a.x, a.y - lo_y, hi_y - a.y};
  for (int k = 0; k < 4; ++k) {
    if (p[k] == 0) {
      if (q[k] < 0) return;
      continue;
    }
    const double t = q[k] / p[k];
    if (p[k] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return;
  }
  const Pixel s{a.x + t0 * dx, a.y + t0 * dy};
  const double len = (t1 - t0) * std::max(std::fabs(dx), std::fabs(dy));
  const int steps = std::max(1, static_cast<int>(std::ceil(len)));
  for (int i = 0; i <= steps; ++i) {
    const double t = (t1 - t0) * i / steps;
    const int x = static_cast<int>(std::floor(s.x + t * dx));
    const int y = static_cast<int>(std::floor(s.y + t * dy));
    if (x >= 0 && x < width_ && y >= 0 && y < height_) blend(x, y, color, 1.0);
  }
}

void Canvas::draw_outline(const Pixel* points, int n, Rgb color) {
  for (int i = 0, j = n - 1; i < n; j = i++) draw_line(points[j], points[i], color);
}

void Canvas::fill_circle(Pixel centre, double radius, Rgb color) {
  const int row0 = std::max(0, static_cast<int>(std::ceil(centre.y - radius - 0.5)));
  const int row1 = std::min(height_ - 1, static_cast<int>(std::floor(centre.y + radius - 0.5)));
  for (int row = row0; row <= row1; ++row) {
    const double dy = row + 0.5 - centre.y;
    const double half = std::sqrt(std::max(0.0, radius * radius - dy * dy));
    const int col0 = std::max(0, static_cast<int>(std::ceil(centre.x - half - 0.5)));
    const int col1 = std::min(width_ - 1, static_cast<int>(std::floor(centre.x + half - 0.5)));
    if (col0 <= col1) fill_span(row, col0, col1, color);
  }
}

}  // namespace boxwalk
