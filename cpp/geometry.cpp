#include "geometry.h"

#include <Box2D/Box2D.h>

#include <cmath>

namespace boxwalk {

bool box2d_accepts_polygon(const Vec2d* v, std::size_t n) {
  if (n < 3 || n > static_cast<std::size_t>(b2_maxPolygonVertices)) return false;
  // b2PolygonShape::Set's own steps, on the float32 points Box2D would receive: gift-wrapped hull, non-degenerate
  // edges, positive area (each is a b2Assert there).
  b2Vec2 ps[b2_maxPolygonVertices];
  const int count = static_cast<int>(n);
  for (int i = 0; i < count; ++i) {
    ps[i].Set(static_cast<float32>(v[i].x), static_cast<float32>(v[i].y));
    if (!std::isfinite(ps[i].x) || !std::isfinite(ps[i].y)) return false;
  }
  int i0 = 0;
  float32 x0 = ps[0].x;
  for (int i = 1; i < count; ++i)
    if (ps[i].x > x0 || (ps[i].x == x0 && ps[i].y < ps[i0].y)) {
      i0 = i;
      x0 = ps[i].x;
    }
  int hull[b2_maxPolygonVertices];
  int m = 0;
  for (int ih = i0;;) {
    if (m == count) return false;  // would not terminate in Box2D either
    hull[m] = ih;
    int ie = 0;
    for (int j = 1; j < count; ++j) {
      if (ie == ih) {
        ie = j;
        continue;
      }
      const b2Vec2 r = ps[ie] - ps[hull[m]];
      const b2Vec2 w = ps[j] - ps[hull[m]];
      const float32 c = b2Cross(r, w);
      if (c < 0.0f) ie = j;
      if (c == 0.0f && w.LengthSquared() > r.LengthSquared()) ie = j;
    }
    ++m;
    ih = ie;
    if (ie == i0) break;
  }
  if (m < 3) return false;
  // ComputeCentroid's area, as this Box2D computes it: triangles fanned from the world origin (its mean-vertex
  // reference is compiled out), in float32 and hull order. Far from the origin a thin polygon's area rounds to
  // nothing (or below zero) even where a mean-vertex fan finds it positive -- the case that tripped b2Assert.
  const b2Vec2 origin(0.0f, 0.0f);
  float32 area = 0.0f;
  for (int i = 0; i < m; ++i) {
    const b2Vec2 p2 = ps[hull[i]];
    const b2Vec2 p3 = ps[hull[i + 1 < m ? i + 1 : 0]];
    if ((p3 - p2).LengthSquared() <= b2_epsilon * b2_epsilon) return false;
    area += 0.5f * b2Cross(p2 - origin, p3 - origin);
  }
  return area > b2_epsilon;
}

}  // namespace boxwalk
