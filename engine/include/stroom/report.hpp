// report.html: the one self-contained page a permit reviewer opens after a run. No network,
// no external files: the venue map and plots are inline SVG, the density maps PNG images
// (stb_image_write, in memory) as base64 data URIs. Same inputs → same bytes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stroom/density_grid.hpp"
#include "stroom/geometry.hpp"
#include "stroom/measurement.hpp"
#include "stroom/scenario.hpp"
#include "stroom/summary.hpp"

namespace stroom {

/// How the density maps are coloured (docs/measurement.md, "Report maps").
enum class DensityClasses {
  limits,         ///< boundaries 1, 2, 4, 5, 6 P/m² and every density limit of the scenario
  fruin_walkway,  ///< Fruin's walkway levels of service A–F
  fruin_queuing,  ///< Fruin's queuing levels of service A–F
};

/// A decoded `venue.underlay` plan, ready to draw: RGBA pixels (row 0 at the top) and where
/// they lie. The tools decode the file (GDAL); the engine never reads image formats.
struct UnderlayImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  ///< width × height × 4 bytes
  /// Pixel space → venue metres, as a GDAL geotransform: the image point (u, v), in pixels
  /// from the top-left corner of the image (v down), lies at
  /// (t[0] + u t[1] + v t[2], t[3] + u t[4] + v t[5]).
  std::array<double, 6> to_venue{0.0, 1.0, 0.0, 0.0, 0.0, -1.0};
  double opacity = 0.5;  ///< over the walkable area's fill
  std::string source;    ///< the image file, for the report's caption
};

/// What the report states about the run beyond the scenario and its figures.
struct ReportInfo {
  std::string run_date;  ///< when the run was made, e.g. "2026-12-05 23:30 UTC"; empty: unstated
  /// Each file the scenario was read from (the scenario, a venue include) with the SHA-256 of
  /// its bytes as hex.
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> overrides;  ///< `--set KEY=VALUE` as given, in order
  DensityClasses classes = DensityClasses::limits;
  /// The venue's underlay, drawn under the venue map; null when there is none (or when it
  /// was not decoded, e.g. a report rendered by a tool without an image reader).
  const UnderlayImage* underlay = nullptr;
};

/// The full report as HTML text. The caller (the CLI) writes it to report.html.
std::string render_report(const Scenario& scenario, const Venue& venue,
                          const Measurement& measurement, const Summary& summary,
                          const ReportInfo& info = {});

/// As above, with the walkable area given directly (tests, tools without a Venue).
std::string render_report(const Scenario& scenario, const std::vector<PolygonWithHoles>& walkable,
                          const Measurement& measurement, const Summary& summary,
                          const ReportInfo& info = {});

/// A colour scale for maps: values v with bounds[i-1] < v <= bounds[i] get colours[i]
/// (class 0: v <= bounds[0], the last class: above the last bound); 0 gets `zero` (when
/// `has_zero`), NaN is transparent.
struct ColourScale {
  std::vector<double> bounds;                        ///< ascending
  std::vector<std::array<std::uint8_t, 3>> colours;  ///< bounds.size() + 1
  bool has_zero = true;
  std::array<std::uint8_t, 3> zero{0xfb, 0xfb, 0xfb};
  /// Class of a value (0 … bounds.size()); -1 for zero (when has_zero) and NaN.
  int class_of(double v) const;
};

/// A map as PNG bytes coloured by `scale`, `pixels_per_cell` square pixels per cell, row 0
/// of the map at the bottom of the image.
std::vector<std::uint8_t> map_png(const DensityMap& map, int pixels_per_cell,
                                  const ColourScale& scale);

/// One map to draw as a PNG (map_pngs()).
struct MapImage {
  DensityMap map;
  int pixels_per_cell = 1;
  ColourScale scale;
};

/// map_png() of every image, in parallel on the calling arena's threads: the same bytes.
std::vector<std::vector<std::uint8_t>> map_pngs(const std::vector<MapImage>& images);

/// The map with each block × block group of cells replaced by one cell holding the highest
/// value of the group (NaN when none is measured), so that no value above a limit is lost
/// when a large map is drawn small.
DensityMap max_pool(const DensityMap& map, int block);

/// SHA-256 (FIPS 180-4) of the bytes, 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

/// A density map as PNG bytes, `pixels_per_cell` square pixels per cell, cells coloured by
/// Fruin level of service, empty cells near-white, cells not measured light grey; row 0 of
/// the map at the bottom of the image.
std::vector<std::uint8_t> density_map_png(const DensityMap& map, int pixels_per_cell);

/// RGBA pixels (row 0 at the top) as PNG bytes.
std::vector<std::uint8_t> rgba_png(int width, int height, const std::vector<std::uint8_t>& rgba);

/// Standard base64 (RFC 4648, with padding).
std::string base64_encode(const std::vector<std::uint8_t>& bytes);

}  // namespace stroom
