// The limits every scenario number obeys (docs/scenario-format.md, "Limits"). The loader
// refuses a value outside them with `FILE:LINE:COLUMN: error:` and the allowed range, so that
// nothing downstream (Box2D's float boxes, Boost.Geometry's integer arithmetic, the grids'
// cell indices, the step loop, the arrival list) ever meets a number it cannot handle.
#pragma once

#include <cstddef>
#include <cstdint>

namespace stroom::limits {

/// m: every coordinate lies within [-kMaxCoordinate, kMaxCoordinate] (Dutch RD coordinates,
/// x 0–300 km and y 300–625 km, fit without an origin shift).
inline constexpr double kMaxCoordinate = 1e6;
/// m: `venue.origin` x and y lie within [-kMaxOrigin, kMaxOrigin] (every projected CRS in
/// metres, RD New and UTM included).
inline constexpr double kMaxOrigin = 1e7;
/// m: the walkable area's bounding box is at most this wide and this high.
inline constexpr double kMaxVenueExtent = 5000.0;
/// Cells of the density grid (bounding box / measure.cell²).
inline constexpr std::int64_t kMaxDensityCells = 2'000'000;
/// s: longest simulated duration (two days).
inline constexpr double kMaxDuration = 172'800.0;
/// Steps of one run (duration / step).
inline constexpr double kMaxSteps = 10'000'000.0;
/// Persons of one run: placed at t = 0 plus the expected arrivals of all profiles.
inline constexpr double kMaxPersons = 2'000'000.0;
/// m: the longest move one person can make in one step (largest speed × speed factor × step).
/// The wall and crossing queries of the move phase cover this distance.
inline constexpr double kMaxStepLength = 1.0;
/// m/s: the largest desired speed (a sprint); draws of a speed distribution are cut here.
inline constexpr double kMaxSpeed = 10.0;
/// Bytes of one input file (scenario or venue include).
inline constexpr std::int64_t kMaxFileBytes = 8 * 1024 * 1024;
/// Bytes of a `venue.underlay` image (a site plan as PNG, JPEG or GeoTIFF).
inline constexpr std::int64_t kMaxUnderlayBytes = 64 * 1024 * 1024;
/// Pixels along either side of a `venue.underlay` image (it is drawn scaled down).
inline constexpr std::int64_t kMaxUnderlaySide = 30'000;
/// Times in `measure.snapshots` (each keeps a density map in memory and in the report).
inline constexpr std::size_t kMaxSnapshots = 24;
/// YAML values of one file after its aliases are expanded ("billion laughs" guard).
inline constexpr std::int64_t kMaxYamlValues = 2'000'000;

}  // namespace stroom::limits
