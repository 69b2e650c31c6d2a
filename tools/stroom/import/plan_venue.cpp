// From plan layers to a venue file (see plan_venue.hpp).
#include "plan_venue.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <set>

namespace stroom::plan {

namespace {

// [SECTION] Small geometry

double signed_area(const std::vector<Vec2>& ring) {
  double a = 0.0;
  for (std::size_t i = 0, n = ring.size(); i < n; ++i)
    a += cross(ring[i], ring[(i + 1) % n]);
  return 0.5 * a;
}

double perimeter(const std::vector<Vec2>& ring) {
  double p = 0.0;
  for (std::size_t i = 0, n = ring.size(); i < n; ++i)
    p += distance(ring[i], ring[(i + 1) % n]);
  return p;
}

bool contains(const std::vector<Vec2>& ring, Vec2 p) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Vec2 a = ring[i], b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
      inside = !inside;
  }
  return inside;
}

Vec2 centroid(const std::vector<Vec2>& ring) {
  const double a = signed_area(ring);
  Vec2 c{};
  for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
    const double k = cross(ring[i], ring[(i + 1) % n]);
    c += (ring[i] + ring[(i + 1) % n]) * k;
  }
  return c / (6.0 * a);
}

/// Distance from p to the line through a and b (to a when they coincide).
double line_distance(Vec2 p, Vec2 a, Vec2 b) {
  const double len = distance(a, b);
  if (len <= 0.0) return distance(p, a);
  return std::abs(cross(b - a, p - a)) / len;
}

double round_to(double v, double step) {
  const double r = std::round(v / step) * step;
  return r == 0.0 ? 0.0 : r;  // no "-0"
}

/// Removes consecutive duplicates, then (for rings) spikes and collinear vertices that lie
/// within half the resolution of the chord of their neighbours. Returns the count removed.
int clean_vertices(std::vector<Vec2>& pts, bool ring) {
  const std::size_t before = pts.size();
  std::vector<Vec2> out;
  for (const Vec2 p : pts)
    if (out.empty() || !(out.back() == p)) out.push_back(p);
  if (ring)
    while (out.size() >= 2 && out.front() == out.back())
      out.pop_back();
  bool changed = ring;
  while (changed && out.size() >= 3) {
    changed = false;
    for (std::size_t i = 0; i < out.size() && out.size() >= 3; ++i) {
      const std::size_t n = out.size();
      const Vec2 a = out[(i + n - 1) % n], b = out[i], c = out[(i + 1) % n];
      const bool spike = line_distance(b, a, c) < 0.5 * kResolution && dot(b - a, c - b) <= 0.0;
      const bool straight = line_distance(b, a, c) < 0.5 * kResolution && dot(b - a, c - b) > 0.0;
      if (spike || straight || a == b) {
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
        changed = true;
      }
    }
  }
  pts = std::move(out);
  return static_cast<int>(before - pts.size());
}

// [SECTION] Text of the venue file

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0')
    s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

/// A small measured figure with two significant digits (0.005, 0.0005).
std::string figure(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

std::string point_text(Vec2 p) {
  return "[" + number(p.x) + ", " + number(p.y) + "]";
}

/// A YAML double-quoted string.
std::string quoted(const std::string& s) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

/// Comment text: one line, no control characters.
std::string comment_safe(std::string s) {
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return s;
}

/// A venue file under construction: lines, and the source of each element.
struct Writer {
  std::vector<std::string> lines;

  int next_line() const { return static_cast<int>(lines.size()) + 1; }
  void add(std::string line) { lines.push_back(std::move(line)); }
  /// A list of points, wrapped after `per_line` points, each continuation indented.
  void points(const std::string& first_prefix, const std::vector<Vec2>& pts,
              const std::string& suffix) {
    constexpr std::size_t per_line = 5;
    const std::string indent(first_prefix.size() + 1, ' ');
    std::string line = first_prefix + "[";
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (i > 0 && i % per_line == 0) {
        add(line + ",");
        line = indent;
      } else if (i > 0) {
        line += ", ";
      }
      line += point_text(pts[i]);
    }
    add(line + "]" + suffix);
  }
};

// [SECTION] Elements

struct Element {
  Role role = Role::walkable;
  std::string name;       ///< final, unique
  bool named = false;     ///< name given by an attribute or label (else numbered)
  std::vector<Vec2> pts;  ///< ring, segment (2 points) or point (1)
  const PlanFeature* feature = nullptr;
  std::string layer;
  double radius = 0.0;  ///< waypoints drawn as circles
  int owner = -1;       ///< a walkable hole: index of its polygon in the list of elements
  std::string note;     ///< comment in place of the layer and feature (merged polygons)
};

std::string feature_where(const std::string& layer, const PlanFeature& f) {
  std::string s = "layer '" + layer + "', feature " + std::to_string(f.fid);
  if (!f.handle.empty()) s += " (handle " + f.handle + ")";
  return s;
}

/// "an exit", "a door".
std::string with_article(Role r) {
  const std::string name = role_name(r);
  return (name[0] == 'e' || name[0] == 'o' ? "an " : "a ") + name;
}

/// True when the closed ring crosses itself (Boost.Geometry's self-intersection test).
bool self_crossing(const std::vector<Vec2>& ring) {
  namespace bg = boost::geometry;
  bg::model::ring<bg::model::d2::point_xy<double>> r;
  for (const Vec2 p : ring)
    bg::append(r, bg::model::d2::point_xy<double>(p.x, p.y));
  if (!ring.empty()) bg::append(r, bg::model::d2::point_xy<double>(ring[0].x, ring[0].y));
  try {
    return bg::intersects(r);
  } catch (const std::exception&) {
    return true;
  }
}

/// "walkable areas", "exits".
std::string plural(Role r) {
  return r == Role::walkable ? "walkable areas" : std::string(role_name(r)) + "s";
}

bool is_polygon_role(Role r) {
  return r == Role::walkable || r == Role::obstacle || r == Role::zone;
}

/// A sanitised name for numbering: the layer name, lower case, with runs of other characters
/// as '-'.
std::string name_stem(std::string layer) {
  // LAYER[FIELD=VALUE] (a filtered layer): numbered after VALUE.
  if (const auto is = layer.find('=');
      is != std::string::npos && layer.back() == ']' && layer.find('[') < is)
    layer = layer.substr(is + 1, layer.size() - is - 2);
  std::string out;
  for (const char c : layer) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '_' || c == '.') {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out.empty() ? "element" : out;
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  s.erase(0, first);
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

/// The walkable area as drawn, made exact where the polygons interact: when a walkable
/// polygon has holes or walkable polygons overlap or touch, their union (Boost.Geometry)
/// replaces them. What of a hole no walkable polygon covers lies outside the walkable area, so a
/// polygon drawn in another's hole (an island) stays walkable; the format's walkable polygons
/// have no holes, so each part with holes is cut into pieces without. A hole whose uncovered
/// rest is narrower than kGapWidth (mean width 2 × area / perimeter) is a gap between polygons
/// that do not quite meet, a drafting slip the walkable area would keep as a wall: filled, with
/// a warning. Polygons closer than kGapWidth that do not meet are reported (the gap runs
/// through; no polygon of the drawing covers it). When a polygon is invalid (self-intersecting)
/// the polygons stay as drawn, holes as obstacles, for the geometry check to report at their
/// features.
template <typename Warn>
void merge_walkable(std::vector<Element>& elements, std::vector<Element>& holes, const Warn& warn) {
  namespace bg = boost::geometry;
  using BgPoint = bg::model::d2::point_xy<double>;
  using BgPolygon = bg::model::polygon<BgPoint>;
  using BgMulti = bg::model::multi_polygon<BgPolygon>;
  const auto as_drawn = [&] {
    for (Element& h : holes)
      elements.push_back(std::move(h));
    holes.clear();
  };
  std::vector<std::size_t> walkable;
  std::vector<BgPolygon> polygons;
  bool valid = true;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (elements[i].role != Role::walkable) continue;
    BgPolygon poly;
    for (const Vec2 p : elements[i].pts)
      bg::append(poly.outer(), BgPoint(p.x, p.y));
    for (const Element& h : holes) {
      if (h.owner != static_cast<int>(i)) continue;
      poly.inners().emplace_back();
      for (const Vec2 p : h.pts)
        bg::append(poly.inners().back(), BgPoint(p.x, p.y));
    }
    bg::correct(poly);
    valid = valid && bg::is_valid(poly);
    walkable.push_back(i);
    polygons.push_back(std::move(poly));
  }
  if (!valid || polygons.empty()) return as_drawn();
  bool interact = !holes.empty();
  for (std::size_t a = 0; a < polygons.size() && !interact; ++a)
    for (std::size_t b = a + 1; b < polygons.size() && !interact; ++b)
      interact = bg::intersects(polygons[a], polygons[b]);
  BgMulti all;
  try {
    for (const BgPolygon& poly : polygons) {
      BgMulti next;
      bg::union_(all, poly, next);
      all = std::move(next);
    }
  } catch (const std::exception&) {
    return as_drawn();  // Boost.Geometry could not join them: leave the polygons as drawn
  }
  const auto report_near = [&](const std::vector<BgPolygon>& final_parts) {
    for (std::size_t a = 0; a < final_parts.size(); ++a)
      for (std::size_t b = a + 1; b < final_parts.size(); ++b) {
        const auto d = static_cast<double>(bg::distance(final_parts[a], final_parts[b]));
        if (d > 0.0 && d < kGapWidth)
          warn("layer '" + elements[walkable.front()].layer + "'",
               "walkable polygons come within " + figure(d) + " m of each other near " +
                   point_text({round_to(final_parts[a].outer().front().x(), kResolution),
                               round_to(final_parts[a].outer().front().y(), kResolution)}) +
                   " without meeting: the gap is a wall; close it in the drawing");
      }
  };
  if (!interact) {
    report_near(std::vector<BgPolygon>(all.begin(), all.end()));
    return as_drawn();
  }

  // Holes: what of a hole no walkable polygon covers (an island may lie in it) is outside the
  // walkable area; where that is only a thin gap, the hole is filled.
  std::vector<BgPolygon> parts;
  for (BgPolygon part : all) {
    std::vector<BgPolygon::ring_type> kept;
    for (const auto& ring : part.inners()) {
      BgPolygon hole;
      hole.outer() = ring;
      bg::correct(hole);
      BgMulti open;
      bg::difference(hole, all, open);
      double widest = 0.0;
      for (const BgPolygon& o : open)
        widest = std::max(
            widest, 2.0 * static_cast<double>(bg::area(o)) / static_cast<double>(bg::perimeter(o)));
      if (widest >= kGapWidth) {
        kept.push_back(ring);
        continue;
      }
      const auto area = static_cast<double>(bg::area(open));
      warn("layer '" + elements[walkable.front()].layer + "'",
           "a gap of " + figure(area) + " m² (mean width under " + figure(kGapWidth) +
               " m) between walkable polygons near " +
               point_text({round_to(ring.front().x(), kResolution),
                           round_to(ring.front().y(), kResolution)}) +
               " is filled: it would be a wall");
    }
    part.inners().assign(kept.begin(), kept.end());
    // The format has no holes in walkable polygons: cut the part through each hole (a
    // vertical line through its middle) until no piece has one; the pieces' union is the part.
    std::vector<BgPolygon> work{std::move(part)};
    while (!work.empty()) {
      BgPolygon piece = std::move(work.back());
      work.pop_back();
      if (piece.inners().empty()) {
        parts.push_back(std::move(piece));
        continue;
      }
      bg::model::box<BgPoint> hole_box, piece_box;
      bg::envelope(piece.inners().front(), hole_box);
      bg::envelope(piece, piece_box);
      const double cut =
          round_to(0.5 * (hole_box.min_corner().x() + hole_box.max_corner().x()), kResolution);
      const double lo = piece_box.min_corner().y() - 1.0, hi = piece_box.max_corner().y() + 1.0;
      for (const auto& [x0, x1] : {std::pair{piece_box.min_corner().x() - 1.0, cut},
                                   std::pair{cut, piece_box.max_corner().x() + 1.0}}) {
        BgMulti side;
        bg::intersection(piece, bg::model::box<BgPoint>({x0, lo}, {x1, hi}), side);
        for (BgPolygon& p : side)
          work.push_back(std::move(p));
      }
    }
  }

  report_near(parts);

  std::vector<Element> merged;
  for (const BgPolygon& part : parts) {
    Element outer;
    outer.role = Role::walkable;
    std::string sources;
    for (std::size_t k = 0; k < polygons.size(); ++k) {
      if (!bg::intersects(part, polygons[k])) continue;
      const Element& e = elements[walkable[k]];
      if (outer.feature == nullptr) {
        outer.feature = e.feature;
        outer.layer = e.layer;
      }
      sources += (sources.empty() ? "" : ", ") + feature_where(e.layer, *e.feature);
    }
    if (outer.feature == nullptr) continue;  // a filled gap alone: covered by its neighbours
    outer.note = "from the walkable polygons of " + sources + " (joined, cut through holes)";
    for (std::size_t k = 0; k + 1 < part.outer().size(); ++k)
      outer.pts.push_back(
          {round_to(part.outer()[k].x(), kResolution), round_to(part.outer()[k].y(), kResolution)});
    clean_vertices(outer.pts, true);
    if (outer.pts.size() >= 3) merged.push_back(std::move(outer));
  }
  std::vector<Element> rest;
  for (Element& e : elements)
    if (e.role != Role::walkable) rest.push_back(std::move(e));
  holes.clear();
  elements = std::move(merged);
  for (Element& e : rest)
    elements.push_back(std::move(e));
}

/// CAD outlines are often separate LINE and ARC entities: on a layer of areas, open lines whose
/// ends meet (within kStraightTolerance, `tolerance` in plan units) are joined, end to end,
/// into closed outlines, each a feature of its own (the id and handle of its first line).
/// Lines that close no outline stay as they were (and are reported as open polylines).
template <typename Warn>
void join_outlines(PlanLayer& layer, double tolerance, const Warn& warn) {
  struct Piece {
    std::size_t feature;
    std::vector<Vec2> pts;
  };
  std::vector<Piece> pieces;
  std::vector<std::size_t> loose;  // features with open lines only
  for (std::size_t i = 0; i < layer.features.size(); ++i) {
    const PlanFeature& f = layer.features[i];
    if (f.parts.empty()) continue;
    const bool open_lines = std::all_of(f.parts.begin(), f.parts.end(), [&](const PlanPart& p) {
      return p.kind == PlanPart::Kind::line && p.points.size() >= 2 &&
             distance(p.points.front(), p.points.back()) > tolerance;
    });
    if (!open_lines) continue;
    loose.push_back(i);
    for (const PlanPart& p : f.parts)
      pieces.push_back({i, p.points});
  }
  if (pieces.size() < 2) return;
  std::vector<bool> used(pieces.size(), false);
  std::vector<bool> joined_feature(layer.features.size(), false);
  std::vector<PlanFeature> outlines;
  for (std::size_t start = 0; start < pieces.size(); ++start) {
    if (used[start]) continue;
    std::vector<std::size_t> chain{start};
    used[start] = true;
    std::vector<Vec2> ring = pieces[start].pts;
    bool closed = false;
    while (!closed) {
      bool extended = false;
      for (std::size_t k = 0; k < pieces.size() && !extended; ++k) {
        if (used[k]) continue;
        const auto& q = pieces[k].pts;
        if (distance(q.front(), ring.back()) <= tolerance) {
          ring.insert(ring.end(), q.begin() + 1, q.end());
        } else if (distance(q.back(), ring.back()) <= tolerance) {
          ring.insert(ring.end(), q.rbegin() + 1, q.rend());
        } else {
          continue;
        }
        used[k] = true;
        chain.push_back(k);
        extended = true;
      }
      if (!extended) break;
      closed = distance(ring.front(), ring.back()) <= tolerance;
    }
    if (!closed || chain.size() < 2) {
      for (std::size_t k = 1; k < chain.size(); ++k)
        used[chain[k]] = false;  // free for another outline
      continue;
    }
    ring.back() = ring.front();
    PlanFeature outline = layer.features[pieces[chain.front()].feature];
    outline.parts = {PlanPart{PlanPart::Kind::line, std::move(ring), {}}};
    std::string ids;
    for (const std::size_t k : chain) {
      const PlanFeature& f = layer.features[pieces[k].feature];
      joined_feature[pieces[k].feature] = true;
      if (outline.name.empty()) outline.name = f.name;
      ids += (ids.empty() ? "" : ", ") + std::to_string(f.fid);
    }
    warn(feature_where(layer.name, outline),
         "lines of features " + ids + " joined end to end into a closed outline");
    outlines.push_back(std::move(outline));
  }
  if (outlines.empty()) return;
  std::vector<PlanFeature> kept;
  for (std::size_t i = 0; i < layer.features.size(); ++i)
    if (!joined_feature[i]) kept.push_back(std::move(layer.features[i]));
  for (PlanFeature& o : outlines)
    kept.push_back(std::move(o));
  layer.features = std::move(kept);
}

}  // namespace

const char* role_name(Role role) {
  switch (role) {
    case Role::walkable:
      return "walkable";
    case Role::obstacle:
      return "obstacle";
    case Role::exit:
      return "exit";
    case Role::door:
      return "door";
    case Role::zone:
      return "zone";
    case Role::line:
      return "line";
    case Role::waypoint:
      return "waypoint";
  }
  return "?";
}

std::optional<Role> role_from_name(const std::string& name) {
  for (const Role r : {Role::walkable, Role::obstacle, Role::exit, Role::door, Role::zone,
                       Role::line, Role::waypoint}) {
    const std::string n = role_name(r);
    if (name == n || name == n + "s") return r;
  }
  return std::nullopt;
}

std::string ElementSource::where() const {
  std::string s = "layer '" + layer + "', feature " + std::to_string(fid);
  if (!handle.empty()) s += " (handle " + handle + ")";
  return s;
}

const ElementSource* source_at(const ImportResult& result, int line) {
  for (const ElementSource& s : result.sources)
    if (line >= s.first_line && line <= s.last_line) return &s;
  return nullptr;
}

ImportResult plan_to_venue(const std::vector<std::pair<Role, PlanLayer>>& layers,
                           const ImportOptions& options) {
  ImportResult result;
  const auto error = [&](const std::string& where, const std::string& message) {
    std::vector<Diagnostic> d(1);
    d[0].where.file = options.plan_file;
    d[0].message = where + ": " + message;
    result.problems.push_back(std::move(d[0]));
  };
  const auto warn = [&](const std::string& where, const std::string& message) {
    result.warnings.push_back(where + ": " + message);
  };

  // The shift: explicit, or the lower-left corner of a plan far from (0, 0).
  Vec2 lo{INFINITY, INFINITY}, hi{-INFINITY, -INFINITY};
  for (const auto& [role, layer] : layers)
    for (const PlanFeature& f : layer.features)
      for (const PlanPart& part : f.parts)
        for (const Vec2 p : part.points) {
          const Vec2 q = p * options.scale;
          lo = {std::min(lo.x, q.x), std::min(lo.y, q.y)};
          hi = {std::max(hi.x, q.x), std::max(hi.y, q.y)};
        }
  Vec2 shift{};
  if (options.origin) {
    shift = *options.origin;
  } else if (options.auto_origin && std::isfinite(lo.x) &&
             std::max({std::abs(lo.x), std::abs(lo.y), std::abs(hi.x), std::abs(hi.y)}) >
                 kAutoShiftDistance) {
    shift = {std::floor(lo.x / kOriginRounding) * kOriginRounding,
             std::floor(lo.y / kOriginRounding) * kOriginRounding};
  }
  if (options.origin || shift.x != 0.0 || shift.y != 0.0 || !options.crs.empty()) {
    VenueOrigin origin;
    origin.x = shift.x;
    origin.y = shift.y;
    origin.crs = options.crs;
    result.origin = origin;
  }
  const auto local = [&](Vec2 p) {
    const Vec2 q = p * options.scale - shift;
    return Vec2{round_to(q.x, kResolution), round_to(q.y, kResolution)};
  };

  // Elements of every layer; labels (texts, named points on non-waypoint layers) aside.
  std::vector<Element> elements;
  std::vector<Element> holes;  // walkable holes, written as obstacles
  struct Label {
    Vec2 at;
    std::string text;
    std::string layer;
    bool used = false;
  };
  std::vector<Label> labels;
  // Outlines drawn as separate lines, joined (a copy: the elements point into it).
  std::vector<std::pair<Role, PlanLayer>> joined = layers;
  for (auto& [role, layer] : joined)
    if (is_polygon_role(role)) join_outlines(layer, kStraightTolerance / options.scale, warn);
  for (const auto& [role, layer] : joined) {
    for (const PlanFeature& f : layer.features) {
      const std::string where = feature_where(layer.name, f);
      if (const auto it = f.attributes.find("@unsupported"); it != f.attributes.end())
        error(where,
              "a " + it->second + " has no meaning in a venue; draw " +
                  (is_polygon_role(role) ? "closed polylines or polygons" : "lines or points"));
      std::size_t part_index = 0;
      const std::size_t element_parts = static_cast<std::size_t>(
          std::count_if(f.parts.begin(), f.parts.end(), [&](const auto& p) {
            return p.kind != PlanPart::Kind::point || role == Role::waypoint;
          }));
      for (const PlanPart& part : f.parts) {
        std::vector<Vec2> pts;
        for (const Vec2 p : part.points)
          pts.push_back(local(p));
        // Nothing of a venue lies 10000 km out: such a plan is not in metres (see --units,
        // --crs), and the geometry below would overflow.
        bool far = false;
        for (const auto& ring : part.holes)
          for (const Vec2 p : ring)
            far = far || !(std::abs(local(p).x) <= kMaxLocal && std::abs(local(p).y) <= kMaxLocal);
        for (const Vec2 p : pts)
          far = far || !(std::abs(p.x) <= kMaxLocal && std::abs(p.y) <= kMaxLocal);
        if (far) {
          error(where, "coordinates more than " + number(kMaxLocal) +
                           " m from the venue's origin: not a plan in metres (see --units, "
                           "--crs and --origin)");
          continue;
        }
        const std::string label_text = trim(!f.text.empty() ? f.text : f.name);
        if (part.kind == PlanPart::Kind::point && role != Role::waypoint) {
          if (!label_text.empty())
            labels.push_back({pts[0], label_text, layer.name});
          else
            warn(where, "a point on a layer of " + plural(role) +
                            " is neither an element nor a label (no text or name); left out");
          continue;
        }
        Element e;
        e.role = role;
        e.feature = &f;
        e.layer = layer.name;
        const std::string feature_name = trim(f.name);
        if (!feature_name.empty()) {
          e.name = element_parts > 1 ? feature_name + "-" + std::to_string(part_index + 1)
                                     : feature_name;
          e.named = true;
        }
        ++part_index;
        // A line whose ends meet is a closed polyline.
        bool closed = part.kind == PlanPart::Kind::polygon;
        if (part.kind == PlanPart::Kind::line && pts.size() >= 4 &&
            distance(pts.front(), pts.back()) <= kStraightTolerance) {
          closed = true;
          pts.pop_back();
        }
        if (is_polygon_role(role) || (role == Role::waypoint && closed)) {
          if (!closed) {
            error(where, "an open polyline on a layer of " + plural(role) + " (its ends are " +
                             number(distance(pts.front(), pts.back())) +
                             " m apart); close it in the drawing");
            continue;
          }
          result.removed_vertices += clean_vertices(pts, true);
          const double area = pts.size() >= 3 ? std::abs(signed_area(pts)) : 0.0;
          const double width = pts.size() >= 3 ? 2.0 * area / perimeter(pts) : 0.0;
          // A self-intersecting ring (a bow tie) is no sliver: the geometry check reports it.
          if (pts.size() < 3 ||
              ((area < options.min_area || width < options.min_width) && !self_crossing(pts))) {
            warn(where, "a sliver (area " + figure(area) + " m², mean width " + figure(width) +
                            " m) left out");
            continue;
          }
          if (role == Role::waypoint) {
            e.radius = std::sqrt(area / std::numbers::pi);
            e.pts = {centroid(pts)};
            e.pts[0] = {round_to(e.pts[0].x, kResolution), round_to(e.pts[0].y, kResolution)};
            elements.push_back(std::move(e));
            continue;
          }
          e.pts = std::move(pts);
          int hole_number = 0;
          for (const auto& ring : part.holes) {
            std::vector<Vec2> hole;
            for (const Vec2 p : ring)
              hole.push_back(local(p));
            result.removed_vertices += clean_vertices(hole, true);
            const double hole_area = hole.size() >= 3 ? std::abs(signed_area(hole)) : 0.0;
            if (hole.size() < 3 || hole_area < options.min_area) {
              warn(where, "a sliver hole (area " + number(hole_area) + " m²) left out");
              continue;
            }
            if (role != Role::walkable) {
              warn(where, std::string("the hole of this ") + role_name(role) +
                              " is left out (only walkable areas keep holes, as obstacles)");
              continue;
            }
            Element h;
            h.role = Role::obstacle;
            h.feature = &f;
            h.layer = layer.name;
            h.owner = static_cast<int>(elements.size());  // e is pushed next
            h.pts = std::move(hole);
            ++hole_number;
            if (e.named) {
              h.name = e.name + "-hole-" + std::to_string(hole_number);
              h.named = true;
            }
            holes.push_back(std::move(h));
          }
          elements.push_back(std::move(e));
          continue;
        }
        if (role == Role::waypoint) {  // a point, or an open line
          if (part.kind != PlanPart::Kind::point) {
            error(where, "a line on a layer of waypoints; draw a point or a circle");
            continue;
          }
          e.pts = std::move(pts);
          elements.push_back(std::move(e));
          continue;
        }
        // Exits, doors, measurement lines: one straight segment.
        if (closed) {
          error(where, "a closed shape on a layer of " + plural(role) +
                           "; draw one straight line from end to end");
          continue;
        }
        result.removed_vertices += clean_vertices(pts, false);
        if (pts.size() < 2) {
          warn(where, with_article(role) + " of zero length left out");
          continue;
        }
        double deviation = 0.0;
        for (const Vec2 p : pts)
          deviation = std::max(deviation, line_distance(p, pts.front(), pts.back()));
        if (deviation > kStraightTolerance) {
          error(where, with_article(role) +
                           " is one straight segment, but this line bends (a vertex lies " +
                           number(deviation) + " m off the line between its ends); split it " +
                           "into straight lines");
          continue;
        }
        e.pts = {pts.front(), pts.back()};
        elements.push_back(std::move(e));
      }
    }
  }
  try {
    merge_walkable(elements, holes, warn);
  } catch (const std::exception&) {
    // Boost.Geometry gave up on these polygons: they stay as drawn, holes as obstacles, for the
    // geometry check to judge.
    for (Element& h : holes)
      elements.push_back(std::move(h));
  }

  // Snap exit ends onto the walkable boundary (--snap).
  if (options.snap > 0.0) {
    std::vector<Segment> edges;
    for (const Element& e : elements)
      if (e.role == Role::walkable)
        for (std::size_t i = 0; i < e.pts.size(); ++i)
          edges.push_back({e.pts[i], e.pts[(i + 1) % e.pts.size()]});
    for (Element& e : elements) {
      if (e.role != Role::exit) continue;
      double moved = 0.0;
      for (Vec2& p : e.pts) {
        double best = INFINITY;
        Vec2 target = p;
        for (const Segment& s : edges) {
          const Vec2 c = closest_point(s, p);
          if (distance(c, p) < best) {
            best = distance(c, p);
            target = c;
          }
        }
        if (best > 0.5 * kResolution && best <= options.snap) {
          p = {round_to(target.x, kResolution), round_to(target.y, kResolution)};
          moved = std::max(moved, best);
        }
      }
      if (moved > 0.0)
        warn(feature_where(e.layer, *e.feature),
             "exit moved onto the walkable boundary by up to " + number(moved) + " m (--snap)");
    }
  }

  // Names: attribute, else a label inside (areas) or next to (lines, points), else numbered.
  for (Element& e : elements) {
    if (e.named || e.role == Role::walkable) continue;
    Label* best = nullptr;
    double best_distance = INFINITY;
    for (Label& l : labels) {
      if (l.used || l.layer != e.layer) continue;
      double d = INFINITY;
      if (is_polygon_role(e.role)) {
        if (contains(e.pts, l.at)) d = 0.0;
      } else if (e.pts.size() == 2) {
        const Segment s{e.pts[0], e.pts[1]};
        d = distance(closest_point(s, l.at), l.at);
        if (d > std::max(2.0, s.length())) d = INFINITY;
      } else {
        d = distance(e.pts[0], l.at);
        if (d > 2.0) d = INFINITY;
      }
      if (d < best_distance) {
        best_distance = d;
        best = &l;
      }
    }
    if (best != nullptr) {
      best->used = true;
      e.name = best->text;
      e.named = true;
    }
  }
  for (const Label& l : labels)
    if (!l.used)
      warn("layer '" + l.layer + "'", "the label '" + comment_safe(l.text) + "' at " +
                                          point_text(l.at) +
                                          " names no element (none inside or next to it)");
  std::set<std::string> taken;
  for (const Element& e : elements)
    if (e.named) taken.insert(e.name);
  std::map<std::string, int> numbers;
  std::set<std::string> used;
  for (Element& e : elements) {
    if (e.role == Role::walkable || (e.role == Role::obstacle && !e.named)) continue;
    if (!e.named) {
      const std::string stem = name_stem(e.layer);
      do {
        e.name = stem + "-" + std::to_string(++numbers[stem]);
      } while (taken.count(e.name) != 0);
      taken.insert(e.name);
    }
    if (used.count(e.name) != 0) {
      const std::string original = e.name;
      int k = 2;
      while (taken.count(original + "-" + std::to_string(k)) != 0)
        ++k;
      e.name = original + "-" + std::to_string(k);
      taken.insert(e.name);
      warn(feature_where(e.layer, *e.feature),
           "the name '" + original + "' is used before; written as '" + e.name + "'");
    }
    used.insert(e.name);
  }

  // Numeric attributes of zones, exits, doors and waypoints.
  const auto attribute = [&](const Element& e, const char* key) -> std::optional<std::string> {
    const auto it = e.feature->attributes.find(key);
    if (it == e.feature->attributes.end() || trim(it->second).empty()) return std::nullopt;
    return trim(it->second);
  };
  const auto numeric = [&](const Element& e, const char* key) -> std::optional<std::string> {
    const auto text = attribute(e, key);
    if (!text) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text->c_str(), &end);
    if (end == text->c_str() || *end != '\0' || !std::isfinite(v)) {
      error(feature_where(e.layer, *e.feature),
            std::string("attribute ") + key + " is '" + comment_safe(*text) + "', not a number");
      return std::nullopt;
    }
    return number(v);
  };

  // The text.
  Writer w;
  w.add("# Venue imported by `stroom import` from " + comment_safe(options.plan_file) + ".");
  if (!options.source_text.empty()) w.add("# " + comment_safe(options.source_text));
  w.add("# Metres; arcs flattened to within " + number(options.arc_tolerance) +
        " m, vertices rounded to 1 mm. Each element names its layer and feature.");
  if (result.origin) {
    const VenueOrigin& o = *result.origin;
    w.add("# Coordinates are local: a point (x, y) here is (" + number(o.x) + " + x, " +
          number(o.y) + " + y) in " + (o.crs.empty() ? std::string("the plan") : o.crs) + ".");
    w.add("origin: {x: " + number(o.x) + ", y: " + number(o.y) +
          (o.crs.empty() ? std::string() : ", crs: " + quoted(o.crs)) + "}");
  }
  if (!options.setting.empty()) w.add("setting: " + options.setting);
  const auto source = [&](const Element& e, const std::string& what, int first) {
    ElementSource s;
    s.layer = e.layer;
    s.fid = e.feature->fid;
    s.handle = e.feature->handle;
    s.element = what;
    s.first_line = first;
    s.last_line = w.next_line() - 1;
    result.sources.push_back(std::move(s));
  };
  const auto section = [&](Role role, const char* key) {
    bool first = true;
    for (const Element& e : elements) {
      if (e.role != role) continue;
      if (first) w.add(std::string(key) + ":");
      first = false;
      const int start = w.next_line();
      const std::string tag =
          "  # " + comment_safe(e.note.empty() ? feature_where(e.layer, *e.feature) : e.note);
      switch (role) {
        case Role::walkable:
          ++result.walkable;
          w.add(tag);
          w.points("  - ", e.pts, "");
          source(e, "walkable polygon " + std::to_string(result.walkable), start);
          break;
        case Role::obstacle:
          ++result.obstacles;
          w.add(tag);
          if (e.named) {
            w.add("  - name: " + quoted(e.name));
            w.points("    polygon: ", e.pts, "");
          } else {
            w.points("  - polygon: ", e.pts, "");
          }
          source(e,
                 e.named ? "obstacle '" + e.name + "'"
                         : "obstacle " + std::to_string(result.obstacles),
                 start);
          break;
        case Role::zone: {
          ++result.zones;
          w.add(tag);
          w.add("  - name: " + quoted(e.name));
          if (const auto c = numeric(e, "capacity")) w.add("    capacity: " + *c);
          if (const auto d = numeric(e, "max_density")) w.add("    max_density: " + *d);
          w.points("    polygon: ", e.pts, "");
          source(e, "zone '" + e.name + "'", start);
          break;
        }
        case Role::exit:
        case Role::door:
        case Role::line: {
          std::string extra;
          if (role == Role::exit) {
            ++result.exits;
            if (const auto f = numeric(e, "max_flow")) extra = ", max_flow: " + *f;
          } else if (role == Role::door) {
            ++result.doors;
            if (const auto open = attribute(e, "open")) {
              std::string v = open->substr(0, 1);
              if (v == "0" || v == "f" || v == "F" || v == "n" || v == "N") extra = ", open: false";
            }
          } else {
            ++result.lines;
          }
          w.add("  - {name: " + quoted(e.name) + ", line: [" + point_text(e.pts[0]) + ", " +
                point_text(e.pts[1]) + "]" + extra + "}" + tag.substr(1));
          source(e, std::string(role_name(role)) + " '" + e.name + "'", start);
          break;
        }
        case Role::waypoint: {
          ++result.waypoints;
          std::string extra;
          if (const auto r = numeric(e, "radius"))
            extra = ", radius: " + *r;
          else if (e.radius > 0.0)
            extra = ", radius: " + number(std::max(0.05, e.radius));
          w.add("  - {name: " + quoted(e.name) + ", at: " + point_text(e.pts[0]) + extra + "}" +
                tag.substr(1));
          source(e, "waypoint '" + e.name + "'", start);
          break;
        }
      }
    }
  };
  section(Role::walkable, "walkable");
  section(Role::obstacle, "obstacles");
  section(Role::exit, "exits");
  section(Role::door, "doors");
  section(Role::zone, "zones");
  section(Role::waypoint, "waypoints");
  section(Role::line, "lines");
  if (result.walkable == 0 && result.problems.empty()) {
    std::vector<Diagnostic> d(1);
    d[0].where.file = options.plan_file;
    d[0].message =
        "no walkable area: the layers mapped to walkable hold no closed polyline or "
        "polygon (see `stroom import PLAN --list`)";
    result.problems.push_back(std::move(d[0]));
  }
  for (const std::string& line : w.lines)
    result.yaml += line + "\n";
  return result;
}

}  // namespace stroom::plan
