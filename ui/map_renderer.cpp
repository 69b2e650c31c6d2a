#include "map_renderer.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "polygon_fill.hpp"

namespace stroom::view {

// [SECTION] Palette

namespace {

const sf::Color kOutside(214, 219, 225);
const sf::Color kWalkable(250, 250, 247);
const sf::Color kObstacle(150, 158, 168);
const sf::Color kWall(55, 62, 72);
const sf::Color kZoneFill(70, 130, 200, 34);
const sf::Color kZoneEdge(70, 130, 200, 150);
const sf::Color kLine(105, 105, 120);
const sf::Color kDoorOpen(80, 135, 215);
const sf::Color kClosed(210, 45, 45);
const sf::Color kExitOpen(30, 160, 80);
const sf::Color kCheckpoint(145, 75, 200);
const sf::Color kWaypoint(225, 135, 20);
const sf::Color kHighlight(255, 200, 0);

ImU32 to_im(sf::Color c) {
  return IM_COL32(c.r, c.g, c.b, c.a);
}

sf::Vector2f f(Vec2 v) {
  return {static_cast<float>(v.x), static_cast<float>(v.y)};
}

// Screen-space thick line as two triangles.
void add_line(sf::VertexArray& tris, Vec2 a, Vec2 b, float width, sf::Color c) {
  const Vec2 d = normalized(b - a);
  if (d == Vec2{}) return;
  const Vec2 n = Vec2{-d.y, d.x} * (0.5 * width);
  const sf::Vertex v0(f(a + n), c), v1(f(b + n), c), v2(f(b - n), c), v3(f(a - n), c);
  tris.append(v0);
  tris.append(v1);
  tris.append(v2);
  tris.append(v0);
  tris.append(v2);
  tris.append(v3);
}

void add_dashed(sf::VertexArray& tris, Vec2 a, Vec2 b, float width, sf::Color c, double on,
                double off) {
  const double len = distance(a, b);
  const Vec2 d = normalized(b - a);
  for (double s = 0.0; s < len; s += on + off)
    add_line(tris, a + d * s, a + d * std::min(len, s + on), width, c);
}

// World vertices are stored relative to the venue's lower-left corner so that floats keep
// centimetre precision even for coordinates in a national grid (hundreds of kilometres).
sf::Transform world_transform(const MapView& v, Vec2 origin) {
  const PixelRect& vp = v.viewport();
  const auto s = static_cast<float>(v.scale());
  sf::Transform t;
  t.translate(vp.left + vp.width * 0.5f, vp.top + vp.height * 0.5f);
  t.scale(s, -s);
  t.translate(static_cast<float>(origin.x - v.centre().x),
              static_cast<float>(origin.y - v.centre().y));
  return t;
}

void append_triangles(sf::VertexArray& out, const std::vector<Vec2>& tris, Vec2 origin,
                      sf::Color c) {
  for (const Vec2& p : tris)
    out.append(sf::Vertex(f(p - origin), c));
}

double point_segment_distance(Vec2 p, Vec2 a, Vec2 b) {
  return distance(p, closest_point(Segment{a, b}, p));
}

bool point_in_polygon(Vec2 p, const Polygon& poly) {
  bool inside = false;
  for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    const Vec2 a = poly[i], b = poly[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
      inside = !inside;
  }
  return inside;
}

// A disc stamp: the pixels a person covers, with coverage (anti-aliased edge) and whether the
// pixel belongs to the dark outline that separates touching persons.
struct StampPixel {
  int dx, dy;
  std::uint8_t alpha;
  bool outline;
};

const std::vector<StampPixel>& stamp_for(double radius_px) {
  // Quantised to quarter pixels up to 32 px; cached for the life of the program.
  static std::vector<std::vector<StampPixel>> cache(129);
  const int q = std::clamp(static_cast<int>(std::lround(radius_px * 4.0)), 4, 128);
  auto& stamp = cache[static_cast<std::size_t>(q)];
  if (!stamp.empty()) return stamp;
  const double r = q / 4.0;
  const int extent = static_cast<int>(std::ceil(r + 0.5));
  const bool outlined = r >= 3.0;
  for (int dy = -extent; dy <= extent; ++dy)
    for (int dx = -extent; dx <= extent; ++dx) {
      const double d = std::hypot(dx, dy);
      const double coverage = std::clamp(r + 0.5 - d, 0.0, 1.0);
      if (coverage <= 0.0) continue;
      stamp.push_back({dx, dy, static_cast<std::uint8_t>(std::lround(coverage * 255.0)),
                       outlined && d > r - 1.25});
    }
  return stamp;
}

}  // namespace

const char* selection_kind_name(Selection::Kind kind) {
  switch (kind) {
    case Selection::Kind::none:
      return "nothing";
    case Selection::Kind::person:
      return "person";
    case Selection::Kind::exit:
      return "exit";
    case Selection::Kind::door:
      return "door";
    case Selection::Kind::checkpoint:
      return "checkpoint";
    case Selection::Kind::zone:
      return "zone";
    case Selection::Kind::waypoint:
      return "waypoint";
    case Selection::Kind::line:
      return "line";
  }
  return "?";
}

// [SECTION] Static geometry

MapRenderer::MapRenderer(const Scenario& scenario, const std::vector<PolygonWithHoles>& walkable,
                         const std::vector<Wall>& walls, const Bounds& bounds)
    : scenario_(scenario), bounds_(bounds), density_(bounds, scenario.measure.cell) {
  const Vec2 o = bounds_.min;
  std::vector<Polygon> rings;
  for (const auto& p : walkable) {
    rings.push_back(p.outer);
    rings.insert(rings.end(), p.holes.begin(), p.holes.end());
  }
  append_triangles(walkable_, fill_even_odd(rings), o, kWalkable);
  for (const auto& obstacle : scenario.venue.obstacles)
    append_triangles(obstacles_, fill_even_odd({obstacle.polygon}), o, kObstacle);
  for (const auto& zone : scenario.venue.zones) {
    append_triangles(zones_, fill_even_odd({zone.polygon}), o, kZoneFill);
    zone_outlines_.push_back(zone.polygon);
  }
  for (const Wall& w : walls)
    if (w.kind == WallKind::boundary) boundary_walls_.push_back(w.segment);
  density_texture_.create(static_cast<unsigned>(density_.columns()),
                          static_cast<unsigned>(density_.rows()));
  density_texture_.setSmooth(false);
  density_pixels_.assign(static_cast<std::size_t>(density_.columns()) * density_.rows() * 4, 0);
}

void MapRenderer::set_underlay(const UnderlayImage& image) {
  has_underlay_ = false;
  underlay_.clear();
  if (image.width < 1 || image.height < 1 ||
      !underlay_texture_.create(static_cast<unsigned>(image.width),
                                static_cast<unsigned>(image.height)))
    return;
  underlay_texture_.update(image.rgba.data());
  underlay_texture_.setSmooth(true);
  // The image's corners through its geotransform; texture coordinates in pixels.
  const auto& t = image.to_venue;
  const auto corner = [&](double u, double v) {
    const Vec2 p{t[0] + u * t[1] + v * t[2], t[3] + u * t[4] + v * t[5]};
    return sf::Vertex(f(p - bounds_.min), sf::Color::White,
                      {static_cast<float>(u), static_cast<float>(v)});
  };
  const double w = image.width, h = image.height;
  for (const auto& [u, v] : {std::pair{0.0, 0.0}, std::pair{w, 0.0}, std::pair{w, h},
                             std::pair{0.0, 0.0}, std::pair{w, h}, std::pair{0.0, h}})
    underlay_.append(corner(u, v));
  has_underlay_ = true;
  static_valid_ = false;
}

// [SECTION] Drawing

void MapRenderer::draw_static(const MapView& view, const MapLayers& layers) {
  const PixelRect& vp = view.viewport();
  const sf::Vector2u size(static_cast<unsigned>(vp.width), static_cast<unsigned>(vp.height));
  const StaticKey key{view.centre(), view.scale(), size.x, size.y,
                      (layers.walkable ? 1 : 0) | (layers.zones ? 2 : 0) | (layers.lines ? 4 : 0) |
                          (layers.waypoints ? 8 : 0) | (layers.underlay ? 16 : 0) |
                          static_cast<int>(std::lround(layers.underlay_opacity * 100.0f)) << 5};
  if (static_valid_ && key == static_key_) return;
  if (cache_.getSize() != size) cache_.create(size.x, size.y);
  static_key_ = key;
  static_valid_ = true;

  // Drawn in the cache's own pixels: the same view with the viewport moved to (0, 0).
  MapView local = view;
  local.set_viewport({0, 0, vp.width, vp.height});
  cache_.clear(kOutside);
  const sf::RenderStates world(world_transform(local, bounds_.min));
  if (layers.walkable) cache_.draw(walkable_, world);
  if (has_underlay_ && layers.underlay && layers.underlay_opacity > 0.0f) {
    const auto alpha = static_cast<sf::Uint8>(
        std::lround(255.0f * std::clamp(layers.underlay_opacity, 0.0f, 1.0f)));
    for (std::size_t i = 0; i < underlay_.getVertexCount(); ++i)
      underlay_[i].color = sf::Color(255, 255, 255, alpha);
    sf::RenderStates states = world;
    states.texture = &underlay_texture_;
    cache_.draw(underlay_, states);
  }
  if (layers.zones) cache_.draw(zones_, world);
  cache_.draw(obstacles_, world);

  sf::VertexArray lines(sf::Triangles);
  auto S = [&](Vec2 p) { return local.to_screen(p); };
  for (const Segment& w : boundary_walls_)
    add_line(lines, S(w.a), S(w.b), 2.0f, kWall);
  const VenueDesc& v = scenario_.venue;
  if (layers.zones)
    for (const Polygon& z : zone_outlines_)
      for (std::size_t i = 0; i < z.size(); ++i)
        add_line(lines, S(z[i]), S(z[(i + 1) % z.size()]), 1.5f, kZoneEdge);
  if (layers.lines)
    for (const auto& l : v.lines)
      add_dashed(lines, S(l.line.a), S(l.line.b), 2.0f, kLine, 6, 4);
  if (layers.waypoints)
    for (const auto& w : v.waypoints) {
      const Vec2 c = S(w.at);
      const double r = 6.0;
      add_line(lines, c + Vec2{-r, 0}, c + Vec2{0, r}, 2.5f, kWaypoint);
      add_line(lines, c + Vec2{0, r}, c + Vec2{r, 0}, 2.5f, kWaypoint);
      add_line(lines, c + Vec2{r, 0}, c + Vec2{0, -r}, 2.5f, kWaypoint);
      add_line(lines, c + Vec2{0, -r}, c + Vec2{-r, 0}, 2.5f, kWaypoint);
      const double rr = w.radius * local.scale();
      if (rr > 8.0) {
        constexpr int kSegments = 32;
        for (int k = 0; k < kSegments; k += 2) {
          const double a0 = 2 * M_PI * k / kSegments, a1 = 2 * M_PI * (k + 1) / kSegments;
          add_line(lines, c + Vec2{std::cos(a0), std::sin(a0)} * rr,
                   c + Vec2{std::cos(a1), std::sin(a1)} * rr, 1.5f, kWaypoint);
        }
      }
    }
  cache_.draw(lines);
  cache_.display();
}

void MapRenderer::draw(sf::RenderTarget& target, const MapView& view, const Snapshot& snapshot,
                       const MapLayers& layers, const Selection& selection) {
  const PixelRect& vp = view.viewport();
  density_.update(snapshot.x, snapshot.y);  // cheap; also feeds the panel's "densest cell"

  // The venue's static layers come from a cache redrawn only when the view changes: under
  // software GL every full-screen layer costs milliseconds.
  draw_static(view, layers);
  sf::Sprite venue(cache_.getTexture());
  venue.setPosition(vp.left, vp.top);
  target.draw(venue, sf::RenderStates(sf::BlendNone));

  if (layers.density) draw_density(target, view);

  // Elements whose state changes (open/closed), in screen space: widths in pixels.
  sf::VertexArray lines(sf::Triangles);
  auto S = [&](Vec2 p) { return view.to_screen(p); };
  const VenueDesc& v = scenario_.venue;
  auto highlight = [&](const Segment& s) { add_line(lines, S(s.a), S(s.b), 10.0f, kHighlight); };
  const auto sel = static_cast<std::size_t>(selection.index);
  switch (selection.kind) {
    case Selection::Kind::exit:
      if (sel < v.exits.size()) highlight(v.exits[sel].line);
      break;
    case Selection::Kind::door:
      if (sel < v.doors.size()) highlight(v.doors[sel].line);
      break;
    case Selection::Kind::checkpoint:
      if (sel < v.checkpoints.size()) highlight(v.checkpoints[sel].line);
      break;
    case Selection::Kind::line:
      if (sel < v.lines.size()) highlight(v.lines[sel].line);
      break;
    default:
      break;
  }
  for (std::size_t i = 0; i < v.doors.size(); ++i) {
    const bool open = i < snapshot.door_open.size() ? snapshot.door_open[i] != 0 : v.doors[i].open;
    if (open)
      add_dashed(lines, S(v.doors[i].line.a), S(v.doors[i].line.b), 3.0f, kDoorOpen, 5, 3);
    else
      add_line(lines, S(v.doors[i].line.a), S(v.doors[i].line.b), 5.0f, kClosed);
  }
  for (const auto& c : v.checkpoints) {
    const Vec2 a = S(c.line.a), b = S(c.line.b);
    add_line(lines, a, b, 4.0f, kCheckpoint);
    // One tick per lane boundary across the line.
    const Vec2 d = normalized(b - a), n{-d.y, d.x};
    for (int k = 0; k <= c.lanes; ++k) {
      const Vec2 p = a + (b - a) * (static_cast<double>(k) / std::max(1, c.lanes));
      add_line(lines, p - n * 5.0, p + n * 5.0, 2.0f, kCheckpoint);
    }
  }
  for (std::size_t i = 0; i < v.exits.size(); ++i) {
    const bool open = i >= snapshot.exit_open.size() || snapshot.exit_open[i] != 0;
    add_line(lines, S(v.exits[i].line.a), S(v.exits[i].line.b), 6.0f, open ? kExitOpen : kClosed);
  }
  target.draw(lines);

  // Walking groups: a faint line between members, under the persons.
  if (layers.persons && layers.groups) {
    sf::VertexArray links(sf::Triangles);
    const sf::Color link(kGroupLink.r, kGroupLink.g, kGroupLink.b, kGroupLink.a);
    for (const auto& [a, b] : group_links(snapshot))
      add_line(links, S({snapshot.x[a], snapshot.y[a]}), S({snapshot.x[b], snapshot.y[b]}), 2.0f,
               link);
    target.draw(links);
  }

  if (layers.persons) draw_persons(target, view, snapshot, layers);

  if (selection.kind == Selection::Kind::person) {
    for (std::size_t i = 0; i < snapshot.ids.size(); ++i) {
      if (snapshot.ids[i] != selection.index) continue;
      const Vec2 p = S({snapshot.x[i], snapshot.y[i]});
      const float r = std::max(7.0f, static_cast<float>(snapshot.radius[i] * view.scale()) + 4.0f);
      sf::CircleShape ring(r, 24);
      ring.setOrigin(r, r);
      ring.setPosition(f(p));
      ring.setFillColor(sf::Color::Transparent);
      ring.setOutlineColor(sf::Color(20, 20, 20));
      ring.setOutlineThickness(2.0f);
      target.draw(ring);
      break;
    }
  }
}

void MapRenderer::draw_density(sf::RenderTarget& target, const MapView& view) {
  const int cols = density_.columns(), rows = density_.rows();
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const double d = density_.density(c, r);
      // Texture row 0 is the top of the image: the grid's highest row.
      std::uint8_t* px = &density_pixels_[(static_cast<std::size_t>(rows - 1 - r) * cols + c) * 4];
      if (d <= 0.0) {
        px[3] = 0;
        continue;
      }
      const Rgba colour = fruin_colour(level_of_service_for_density(d), 150);
      px[0] = colour.r;
      px[1] = colour.g;
      px[2] = colour.b;
      px[3] = colour.a;
    }
  density_texture_.update(density_pixels_.data());
  sf::Sprite sprite(density_texture_);
  const auto cell = static_cast<float>(density_.cell());
  const Bounds& gb = density_.bounds();
  sprite.setPosition(static_cast<float>(gb.min.x - bounds_.min.x),
                     static_cast<float>(gb.min.y + rows * density_.cell() - bounds_.min.y));
  sprite.setScale(cell, -cell);
  target.draw(sprite, sf::RenderStates(world_transform(view, bounds_.min)));
}

std::vector<std::pair<std::size_t, std::size_t>> group_links(const Snapshot& snapshot) {
  std::vector<std::pair<std::size_t, std::size_t>> links;
  std::unordered_map<std::int32_t, std::size_t> last;  // group → its member seen last
  const std::size_t n = std::min(snapshot.group.size(), snapshot.x.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t g = snapshot.group[i];
    if (g == 0) continue;
    const auto [it, first] = last.try_emplace(g, i);
    if (!first) {
      links.emplace_back(it->second, i);
      it->second = i;
    }
  }
  return links;
}

Rgba MapRenderer::person_colour(const Snapshot& s, std::size_t i, ColourBy by) const {
  switch (by) {
    case ColourBy::speed:
      return speed_colour(s.speed[i]);
    case ColourBy::population:
      return population_colour(s.population[i]);
    case ColourBy::density:
      return density_colour(density_.density_at({s.x[i], s.y[i]}));
    case ColourBy::profile:
      return profile_colour(i < s.visitor_profile.size() ? s.visitor_profile[i] : -1);
  }
  return {};
}

void MapRenderer::draw_persons(sf::RenderTarget& target, const MapView& view, const Snapshot& s,
                               const MapLayers& layers) {
  const auto start = std::chrono::steady_clock::now();
  const PixelRect& vp = view.viewport();
  const sf::Vector2u size(static_cast<unsigned>(vp.width), static_cast<unsigned>(vp.height));
  if (size != persons_size_) {
    persons_texture_.create(size.x, size.y);
    persons_pixels_.assign(static_cast<std::size_t>(size.x) * size.y * 4, 0);
    persons_size_ = size;
  } else {
    std::memset(persons_pixels_.data(), 0, persons_pixels_.size());
  }
  const int w = static_cast<int>(size.x), h = static_cast<int>(size.y);
  // Speed colours through a small table: the ramp costs a few multiplications per person.
  static std::array<Rgba, 65> speed_table = [] {
    std::array<Rgba, 65> t{};
    for (std::size_t k = 0; k < t.size(); ++k)
      t[k] = speed_colour(static_cast<double>(k) / 32.0);
    return t;
  }();
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    const Vec2 p = view.to_screen({s.x[i], s.y[i]});
    const double r_px = std::max(1.25, s.radius[i] * view.scale());
    const int cx = static_cast<int>(std::floor(p.x - vp.left));
    const int cy = static_cast<int>(std::floor(p.y - vp.top));
    const int reach = static_cast<int>(r_px) + 2;
    if (cx < -reach || cy < -reach || cx >= w + reach || cy >= h + reach) continue;
    Rgba c;
    if (layers.colour_by == ColourBy::speed)
      c = speed_table[static_cast<std::size_t>(std::clamp(s.speed[i] * 24.0f, 0.0f, 64.0f))];
    else
      c = person_colour(s, i, layers.colour_by);
    const Rgba edge{static_cast<std::uint8_t>(c.r / 2), static_cast<std::uint8_t>(c.g / 2),
                    static_cast<std::uint8_t>(c.b / 2), 255};
    for (const StampPixel& sp : stamp_for(r_px)) {
      const int x = cx + sp.dx, y = cy + sp.dy;
      if (x < 0 || y < 0 || x >= w || y >= h) continue;
      std::uint8_t* d = &persons_pixels_[(static_cast<std::size_t>(y) * w + x) * 4];
      const Rgba& src = sp.outline ? edge : c;
      if (sp.alpha == 255 || d[3] == 0) {
        d[0] = src.r;
        d[1] = src.g;
        d[2] = src.b;
        d[3] = std::max(d[3], sp.alpha);
      } else {
        const int a = sp.alpha;
        d[0] = static_cast<std::uint8_t>((src.r * a + d[0] * (255 - a)) / 255);
        d[1] = static_cast<std::uint8_t>((src.g * a + d[1] * (255 - a)) / 255);
        d[2] = static_cast<std::uint8_t>((src.b * a + d[2] * (255 - a)) / 255);
        d[3] = static_cast<std::uint8_t>(std::max<int>(d[3], a));
      }
    }
  }
  persons_texture_.update(persons_pixels_.data());
  sf::Sprite sprite(persons_texture_);
  sprite.setPosition(vp.left, vp.top);
  target.draw(sprite);
  persons_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// [SECTION] Labels

namespace {

void label(ImDrawList* list, Vec2 at, const std::string& text, ImU32 colour, bool emphasised) {
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  // Keep the whole label on the map (exits on the venue's edge would push it off).
  const ImVec2 clip_min = list->GetClipRectMin(), clip_max = list->GetClipRectMax();
  at.x = std::clamp(at.x, static_cast<double>(clip_min.x + size.x * 0.5f + 6.0f),
                    std::max(static_cast<double>(clip_min.x + size.x * 0.5f + 6.0f),
                             static_cast<double>(clip_max.x - size.x * 0.5f - 6.0f)));
  at.y = std::clamp(at.y, static_cast<double>(clip_min.y + size.y * 0.5f + 4.0f),
                    std::max(static_cast<double>(clip_min.y + size.y * 0.5f + 4.0f),
                             static_cast<double>(clip_max.y - size.y * 0.5f - 4.0f)));
  const ImVec2 min(static_cast<float>(at.x) - size.x * 0.5f - 4.0f,
                   static_cast<float>(at.y) - size.y * 0.5f - 2.0f);
  const ImVec2 max(min.x + size.x + 8.0f, min.y + size.y + 4.0f);
  list->AddRectFilled(
      min, max, emphasised ? IM_COL32(255, 255, 255, 235) : IM_COL32(255, 255, 255, 200), 3.0f);
  list->AddRect(min, max, colour, 3.0f, 0, emphasised ? 2.0f : 1.0f);
  list->AddText(ImVec2(min.x + 4.0f, min.y + 2.0f), IM_COL32(30, 34, 40, 255), text.c_str());
}

// Places a label beside a segment, on the side away from the walkable area's inside when it
// is an exit (outside the venue), else just above it.
Vec2 beside(const MapView& view, const Segment& s, double offset) {
  const Vec2 a = view.to_screen(s.a), b = view.to_screen(s.b);
  const Vec2 mid = (a + b) * 0.5;
  Vec2 n = normalized(Vec2{-(b - a).y, (b - a).x});
  if (n == Vec2{}) n = {0, -1};
  if (n.y > 0) n = -n;  // prefer above
  return mid + n * offset;
}

// Measurement lines often coincide with doors: their label goes past the line's end, clear of
// the door's label at the middle.
Vec2 past_end(const MapView& view, const Segment& s, const std::string& text) {
  const Vec2 a = view.to_screen(s.a), b = view.to_screen(s.b);
  const Vec2 d = normalized(b - a);
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const double reach = std::abs(d.x) * (size.x * 0.5 + 8.0) + std::abs(d.y) * (size.y * 0.5 + 6.0);
  return b + d * reach;
}

}  // namespace

void MapRenderer::draw_labels(ImDrawList* list, const MapView& view, const Snapshot& snapshot,
                              const MapLayers& layers, const Selection& selection) const {
  if (!layers.labels) return;
  const VenueDesc& v = scenario_.venue;
  const PixelRect& vp = view.viewport();
  list->PushClipRect(ImVec2(vp.left, vp.top), ImVec2(vp.left + vp.width, vp.top + vp.height));
  auto selected = [&](Selection::Kind k, std::size_t i) {
    return selection.kind == k && selection.index == static_cast<int>(i);
  };
  if (layers.zones)
    for (std::size_t i = 0; i < v.zones.size(); ++i) {
      const auto& z = v.zones[i];
      Bounds b{z.polygon.front(), z.polygon.front()};
      for (const Vec2& p : z.polygon) {
        b.min = {std::min(b.min.x, p.x), std::min(b.min.y, p.y)};
        b.max = {std::max(b.max.x, p.x), std::max(b.max.y, p.y)};
      }
      if (b.width() * view.scale() < 40.0) continue;  // too small on screen to label
      const Vec2 c = view.to_screen({(b.min.x + b.max.x) * 0.5, b.max.y});
      label(list, c + Vec2{0, 12}, z.name, to_im(kZoneEdge), selected(Selection::Kind::zone, i));
    }
  // Named obstacles (stages, fences, pillars): the name in the middle, when it fits on screen.
  for (const ObstacleDesc& o : v.obstacles) {
    if (o.name.empty() || o.polygon.empty()) continue;
    Bounds b{o.polygon.front(), o.polygon.front()};
    for (const Vec2& p : o.polygon) {
      b.min = {std::min(b.min.x, p.x), std::min(b.min.y, p.y)};
      b.max = {std::max(b.max.x, p.x), std::max(b.max.y, p.y)};
    }
    if (std::max(b.width(), b.height()) * view.scale() < 30.0) continue;
    label(list, view.to_screen({(b.min.x + b.max.x) * 0.5, (b.min.y + b.max.y) * 0.5}), o.name,
          to_im(kWall), false);
  }
  if (layers.lines)
    for (std::size_t i = 0; i < v.lines.size(); ++i)
      label(list, past_end(view, v.lines[i].line, v.lines[i].name), v.lines[i].name, to_im(kLine),
            selected(Selection::Kind::line, i));
  if (layers.waypoints)
    for (std::size_t i = 0; i < v.waypoints.size(); ++i)
      label(list, view.to_screen(v.waypoints[i].at) + Vec2{0, -18}, v.waypoints[i].name,
            to_im(kWaypoint), selected(Selection::Kind::waypoint, i));
  for (std::size_t i = 0; i < v.doors.size(); ++i) {
    const bool open = i < snapshot.door_open.size() ? snapshot.door_open[i] != 0 : v.doors[i].open;
    label(list, beside(view, v.doors[i].line, 16), v.doors[i].name + (open ? "" : " (closed)"),
          to_im(open ? kDoorOpen : kClosed), selected(Selection::Kind::door, i));
  }
  for (std::size_t i = 0; i < v.checkpoints.size(); ++i) {
    const int queue = i < snapshot.checkpoint_queue.size() ? snapshot.checkpoint_queue[i] : 0;
    label(list, beside(view, v.checkpoints[i].line, 18),
          v.checkpoints[i].name + " · " + std::to_string(queue) + " in queue", to_im(kCheckpoint),
          selected(Selection::Kind::checkpoint, i));
  }
  for (std::size_t i = 0; i < v.exits.size(); ++i) {
    const bool open = i >= snapshot.exit_open.size() || snapshot.exit_open[i] != 0;
    label(list, beside(view, v.exits[i].line, 18), v.exits[i].name + (open ? "" : " (closed)"),
          to_im(open ? kExitOpen : kClosed), selected(Selection::Kind::exit, i));
  }
  list->PopClipRect();
}

// [SECTION] Picking

Selection MapRenderer::pick(const MapView& view, Vec2 screen, const Snapshot& s) const {
  const Vec2 world = view.to_world(screen);
  const double px = 1.0 / view.scale();  // metres per pixel
  // Persons: the nearest within its radius plus 3 px.
  double best = 1e300;
  int best_id = -1;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    const double d = std::hypot(s.x[i] - world.x, s.y[i] - world.y);
    if (d < s.radius[i] + 3.0 * px && d < best) {
      best = d;
      best_id = s.ids[i];
    }
  }
  if (best_id >= 0) return {Selection::Kind::person, best_id};
  const VenueDesc& v = scenario_.venue;
  const double tolerance = 8.0 * px;
  auto nearest = [&](auto const& items, Selection::Kind kind) -> Selection {
    double bd = tolerance;
    int bi = -1;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const double d = point_segment_distance(world, items[i].line.a, items[i].line.b);
      if (d <= bd) {
        bd = d;
        bi = static_cast<int>(i);
      }
    }
    return bi >= 0 ? Selection{kind, bi} : Selection{};
  };
  for (auto sel : {nearest(v.exits, Selection::Kind::exit), nearest(v.doors, Selection::Kind::door),
                   nearest(v.checkpoints, Selection::Kind::checkpoint)})
    if (sel.kind != Selection::Kind::none) return sel;
  for (std::size_t i = 0; i < v.waypoints.size(); ++i)
    if (distance(world, v.waypoints[i].at) <= std::max(v.waypoints[i].radius, tolerance))
      return {Selection::Kind::waypoint, static_cast<int>(i)};
  if (auto sel = nearest(v.lines, Selection::Kind::line); sel.kind != Selection::Kind::none)
    return sel;
  for (std::size_t i = 0; i < v.zones.size(); ++i)
    if (point_in_polygon(world, v.zones[i].polygon))
      return {Selection::Kind::zone, static_cast<int>(i)};
  return {};
}

}  // namespace stroom::view
