// maps.geojson: the maps of one run and the venue as GIS features, so that a reviewer can open
// the results in QGIS (or anything GDAL reads) on top of the site plan.
//
// One GeoJSON FeatureCollection; every feature has a `layer` property saying what it is:
//
//   walkable, obstacle, zone, exit, door, checkpoint, line, waypoint   the venue
//   criterion                                                          one per criterion result
//   density_peak, pressure_peak, stuck                                 points of summary.json
//   cell                                                               the density grid cells
//
// Cells carry every map the report draws (highest density, density at the peak, seconds above
// and longest time above each density threshold, highest crowd pressure) as attributes of one
// square polygon per measured cell that anyone ever stood in. Figures are the doubles of
// summary.json, unrounded, so the file and summary.json agree to the last digit.
//
// Coordinates are the venue's metres plus the origin (`venue.origin`): with an origin set they
// are the plan's own coordinates (e.g. RD New), and the `crs` member names its reference system
// the way GDAL and QGIS read it. docs/measurement.md, "maps.geojson", lists every attribute.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "stroom/measurement.hpp"
#include "stroom/scenario.hpp"
#include "stroom/summary.hpp"

namespace stroom::io {

/// Where the venue's local (0, 0) lies in the plan's coordinate reference system.
struct GeoReference {
  double x = 0.0;   ///< m, plan coordinate of the local origin
  double y = 0.0;   ///< m
  std::string crs;  ///< e.g. "EPSG:28992"; empty = not given (a local CRS in metres is named)
};

/// The venue's origin (`venue.origin`, written by `stroom import`) as a GeoReference; 0, 0 and
/// no CRS for a venue without one.
GeoReference geo_reference(const VenueDesc& venue);

/// The `crs` member's name for a CRS string: "EPSG:28992" becomes the OGC URN
/// "urn:ogc:def:crs:EPSG::28992"; anything else is passed on as it is.
std::string crs_urn(const std::string& crs);

/// The `crs` member's name for a venue without a CRS: a local engineering CRS in metres (WKT),
/// so that GDAL and QGIS do not take the coordinates for WGS 84 degrees.
inline constexpr const char* kLocalMetres =
    "LOCAL_CS[\"Stroom venue, local metres\",LOCAL_DATUM[\"venue origin\",0],UNIT[\"metre\",1],"
    "AXIS[\"x\",EAST],AXIS[\"y\",NORTH]]";

/// The name in the `crs` member: crs_urn(origin.crs) when a CRS is given, else a local
/// engineering CRS in metres (kLocalMetres, or its "plan metres" twin when an offset is set).
std::string crs_name(const GeoReference& origin);

/// The GeoJSON text of maps.geojson (two-space indentation would double its size on a large
/// venue: one feature per line instead, trailing newline), written to `out` feature by
/// feature: a full-size venue has hundreds of thousands of cells.
void write_maps_geojson(std::ostream& out, const Scenario& scenario, const Measurement& measurement,
                        const Summary& summary, const GeoReference& origin);

/// The same text as a string (tests, small venues).
std::string maps_geojson_text(const Scenario& scenario, const Measurement& measurement,
                              const Summary& summary, const GeoReference& origin);

/// Writes maps.geojson atomically (temporary file + rename). Throws SimulationError.
void write_maps_geojson(const Scenario& scenario, const Measurement& measurement,
                        const Summary& summary, const GeoReference& origin,
                        const std::filesystem::path& file);

}  // namespace stroom::io
