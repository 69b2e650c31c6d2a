// Plain 2D vector and segment types shared by every engine module. Units: metres.
#pragma once

#include <cmath>
#include <vector>

namespace stroom {

struct Vec2 {
  double x = 0.0;
  double y = 0.0;

  constexpr Vec2 operator+(Vec2 o) const { return {x + o.x, y + o.y}; }
  constexpr Vec2 operator-(Vec2 o) const { return {x - o.x, y - o.y}; }
  constexpr Vec2 operator*(double s) const { return {x * s, y * s}; }
  constexpr Vec2 operator/(double s) const { return {x / s, y / s}; }
  constexpr Vec2 operator-() const { return {-x, -y}; }
  constexpr Vec2& operator+=(Vec2 o) {
    x += o.x;
    y += o.y;
    return *this;
  }
  constexpr Vec2& operator-=(Vec2 o) {
    x -= o.x;
    y -= o.y;
    return *this;
  }
  constexpr Vec2& operator*=(double s) {
    x *= s;
    y *= s;
    return *this;
  }
  constexpr bool operator==(const Vec2&) const = default;
};

constexpr Vec2 operator*(double s, Vec2 v) {
  return v * s;
}
constexpr double dot(Vec2 a, Vec2 b) {
  return a.x * b.x + a.y * b.y;
}
constexpr double cross(Vec2 a, Vec2 b) {
  return a.x * b.y - a.y * b.x;
}
constexpr double length_squared(Vec2 v) {
  return dot(v, v);
}
inline double length(Vec2 v) {
  return std::sqrt(dot(v, v));
}
inline double distance(Vec2 a, Vec2 b) {
  return length(a - b);
}
/// Unit vector in the direction of v, or (0, 0) for a (near) zero vector.
inline Vec2 normalized(Vec2 v) {
  const double len = length(v);
  return len > 1e-12 ? v / len : Vec2{};
}

/// A straight segment from a to b (exits, doors, checkpoints, measurement lines, walls).
struct Segment {
  Vec2 a;
  Vec2 b;
  double length() const { return stroom::distance(a, b); }
  Vec2 midpoint() const { return (a + b) * 0.5; }
};

/// Closest point on segment s to p.
inline Vec2 closest_point(const Segment& s, Vec2 p) {
  const Vec2 d = s.b - s.a;
  const double len2 = length_squared(d);
  if (len2 <= 0.0) return s.a;
  double t = dot(p - s.a, d) / len2;
  t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
  return s.a + d * t;
}

/// A simple polygon as its vertex list, either orientation, implicitly closed.
using Polygon = std::vector<Vec2>;

/// Axis-aligned bounding box.
struct Bounds {
  Vec2 min;
  Vec2 max;
  double width() const { return max.x - min.x; }
  double height() const { return max.y - min.y; }
};

}  // namespace stroom
