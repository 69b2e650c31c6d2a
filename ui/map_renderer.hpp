// Drawing the map: the venue (walkable area, obstacles, walls, exits, doors, checkpoints,
// zones, lines, waypoints), the persons and the density overlay, all through one MapView.
//
// Persons are splatted on the CPU into an RGBA image the size of the map and uploaded as one
// texture: the cost grows with the persons on screen and their size in pixels, not with a
// vertex count. Under software GL (Xvfb/llvmpipe) 20,000 textured quads cost ~75 ms a frame;
// the splat draws 50,000 persons in a few ms (docs/performance.md, "Viewer").
//
// Labels are drawn with ImGui's background draw list: above the map, below the panels, in the
// same font as the rest of the interface.
#pragma once

#include <SFML/Graphics.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "colours.hpp"
#include "instant_density.hpp"
#include "map_view.hpp"
#include "snapshot.hpp"
#include "stroom/geometry.hpp"
#include "stroom/report.hpp"
#include "stroom/scenario.hpp"

struct ImDrawList;

namespace stroom::view {

enum class ColourBy : int { speed, population, density, profile };
inline constexpr int kColourByCount = 4;

/// What the map shows: the viewer's layer switches.
struct MapLayers {
  bool walkable = true;
  bool zones = true;
  bool lines = true;
  bool waypoints = true;
  bool labels = true;
  bool persons = true;
  bool density = false;           ///< Fruin overlay
  bool underlay = true;           ///< the venue's plan under it (when the venue names one)
  float underlay_opacity = 0.5f;  ///< 0 … 1, over the walkable area's fill
  bool groups = true;             ///< a faint link between the members of each walking group
  ColourBy colour_by = ColourBy::speed;
};

/// Something on the map the user clicked.
struct Selection {
  enum class Kind { none, person, exit, door, checkpoint, zone, waypoint, line };
  Kind kind = Kind::none;
  int index = -1;  ///< element index, or the person id for Kind::person
  bool operator==(const Selection&) const = default;
};
const char* selection_kind_name(Selection::Kind kind);

/// The links drawn between members of walking groups: pairs of snapshot indices, each group's
/// members (in snapshot order) joined in a chain, so a group of n has n - 1 links.
std::vector<std::pair<std::size_t, std::size_t>> group_links(const Snapshot& snapshot);

class MapRenderer {
 public:
  /// Builds the static geometry. Needs a GL context (textures).
  MapRenderer(const Scenario& scenario, const std::vector<PolygonWithHoles>& walkable,
              const std::vector<Wall>& walls, const Bounds& bounds);

  /// Draws into `target` (the map's viewport of `view`): venue, density, persons, highlights.
  void draw(sf::RenderTarget& target, const MapView& view, const Snapshot& snapshot,
            const MapLayers& layers, const Selection& selection);
  /// Labels for elements (names, open/closed, queue counts) into an ImGui draw list.
  void draw_labels(ImDrawList* list, const MapView& view, const Snapshot& snapshot,
                   const MapLayers& layers, const Selection& selection) const;

  /// The element or person under the screen point, within a few pixels; persons first, then
  /// exits, doors, checkpoints, waypoints, lines, zones.
  Selection pick(const MapView& view, Vec2 screen, const Snapshot& snapshot) const;

  /// The venue's underlay plan (`venue.underlay`), drawn over the walkable area's fill and
  /// under everything else at MapLayers::underlay_opacity. Needs a GL context (a texture).
  void set_underlay(const UnderlayImage& image);
  bool has_underlay() const { return has_underlay_; }

  /// Density grid of the last drawn snapshot (persons/m², instantaneous).
  const InstantDensity& density() const { return density_; }
  /// Milliseconds spent on the persons (splat + upload) in the last draw.
  double persons_ms() const { return persons_ms_; }

 private:
  void draw_persons(sf::RenderTarget& target, const MapView& view, const Snapshot& snapshot,
                    const MapLayers& layers);
  void draw_density(sf::RenderTarget& target, const MapView& view);
  void draw_static(const MapView& view, const MapLayers& layers);
  Rgba person_colour(const Snapshot& s, std::size_t i, ColourBy by) const;

  const Scenario& scenario_;
  Bounds bounds_;
  sf::VertexArray walkable_{sf::Triangles};
  sf::VertexArray obstacles_{sf::Triangles};
  sf::VertexArray zones_{sf::Triangles};
  std::vector<Segment> boundary_walls_;
  sf::Texture underlay_texture_;
  sf::VertexArray underlay_{sf::Triangles};  ///< two textured triangles, venue metres − bounds.min
  bool has_underlay_ = false;
  std::vector<Polygon> zone_outlines_;

  InstantDensity density_;
  sf::Texture density_texture_;
  std::vector<std::uint8_t> density_pixels_;

  // Static layers (floor, zones, obstacles, walls, lines, waypoints) for the current view.
  struct StaticKey {
    Vec2 centre;
    double scale = 0.0;
    unsigned width = 0, height = 0;
    int layers = 0;
    bool operator==(const StaticKey&) const = default;
  };
  sf::RenderTexture cache_;
  StaticKey static_key_;
  bool static_valid_ = false;

  sf::Texture persons_texture_;
  std::vector<std::uint8_t> persons_pixels_;
  sf::Vector2u persons_size_{0, 0};
  double persons_ms_ = 0.0;
};

}  // namespace stroom::view
