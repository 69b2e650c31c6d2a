// The venue's underlay plan (`venue.underlay`, docs/scenario-format.md) decoded through GDAL
// and placed in venue coordinates, for the report of `stroom run` and for stroom-view.
//
// Placement, in order: the corners the venue gives (venue coordinates); else its world file;
// else the georeference the image carries (a GeoTIFF, or a world file GDAL finds beside the
// image). A world file and an image's own georeference are in the plan's coordinates, so
// `venue.origin` is subtracted from them, as `stroom import` subtracted it from the plan.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "stroom/error.hpp"
#include "stroom/report.hpp"
#include "stroom/scenario.hpp"

namespace stroom::underlay {

/// Pixels along the longer side of the plan in report.html: its venue map is at most 880 px
/// wide, so this keeps the plan sharp when the page is zoomed or printed.
inline constexpr int kReportSide = 1600;

/// Pixel corners → venue metres at the image's full size (the convention of
/// UnderlayImage::to_venue) from the venue's corners or world file, else from `embedded`
/// (the image's own geotransform, in the plan's coordinates); nullopt when none is given.
std::optional<std::array<double, 6>> placement(
    const VenueDesc& venue, int width, int height,
    const std::optional<std::array<double, 6>>& embedded);

/// Checks that the underlay can be drawn without decoding its pixels (`stroom validate`): the
/// file is an image GDAL reads, 8-bit, at most limits::kMaxUnderlaySide pixels a side, placed,
/// and over the walkable area at least in part. Empty when fine or when the venue has none.
std::vector<Diagnostic> check(const VenueDesc& venue);

/// Decodes the underlay scaled down (area average) so that neither side exceeds `max_side`
/// pixels. Throws ScenarioError with the problems check() finds.
UnderlayImage decode(const VenueDesc& venue, int max_side);

}  // namespace stroom::underlay
