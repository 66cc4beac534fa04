// A small software rasteriser for RGB frames: polygons filled by scanline with pixel-centre sampling, 1-pixel lines
// and filled circles, with optional alpha blending. Pure C++ (no OpenGL, no display); coordinates are pixels with
// y pointing down.
#pragma once
#include <cstdint>
#include <vector>

#include "render/color.h"

namespace boxwalk {

struct Pixel {
  double x, y;
};

class Canvas {
 public:
  // `pixels` is height x width x 3, row-major, owned by the caller.
  Canvas(uint8_t* pixels, int width, int height) : pixels_(pixels), width_(width), height_(height) {}

  int width() const { return width_; }
  int height() const { return height_; }

  void clear(Rgb color);
  // Even-odd fill of a simple polygon: a pixel is inside when its centre is.
  void fill_polygon(const Pixel* points, int n, Rgb color, double alpha = 1.0);
  void draw_line(Pixel a, Pixel b, Rgb color);
  void draw_outline(const Pixel* points, int n, Rgb color);  // closed
  void fill_circle(Pixel centre, double radius, Rgb color);

 private:
  void blend(int x, int y, Rgb color, double alpha);
  void fill_span(int y, int x0, int x1, Rgb color);  // columns x0..x1 of row y, both inside the canvas
  uint8_t* pixels_;
  int width_, height_;
  std::vector<double> crossings_;  // reused between scanlines
};

}  // namespace boxwalk
