// report.html: the one self-contained page a permit reviewer opens after a run. No network,
// no external files: the venue map and plots are inline SVG, the density maps PNG images
// (stb_image_write, in memory) as base64 data URIs. Same inputs → same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stroom/density_grid.hpp"
#include "stroom/geometry.hpp"
#include "stroom/measurement.hpp"
#include "stroom/scenario.hpp"
#include "stroom/summary.hpp"

namespace stroom {

/// The full report as HTML text. The caller (the CLI) writes it to report.html.
std::string render_report(const Scenario& scenario, const Venue& venue,
                          const Measurement& measurement, const Summary& summary);

/// As above, with the walkable area given directly (tests, tools without a Venue).
std::string render_report(const Scenario& scenario, const std::vector<PolygonWithHoles>& walkable,
                          const Measurement& measurement, const Summary& summary);

/// A density map as PNG bytes, `pixels_per_cell` square pixels per cell, cells coloured by
/// Fruin level of service, empty cells near-white, cells not measured light grey; row 0 of
/// the map at the bottom of the image.
std::vector<std::uint8_t> density_map_png(const DensityMap& map, int pixels_per_cell);

/// Standard base64 (RFC 4648, with padding).
std::string base64_encode(const std::vector<std::uint8_t>& bytes);

}  // namespace stroom
