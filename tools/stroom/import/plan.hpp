// A site plan as `stroom import` reads it: the features of the layers named on the command
// line, reduced to plain polygons, lines and points in the plan's own coordinates. Built by
// plan_reader.cpp (GDAL/OGR) and turned into a venue by plan_venue.cpp, which knows nothing of
// GDAL (docs/import.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "stroom/vec2.hpp"

namespace stroom::plan {

/// One simple geometry of a feature (a multi-geometry gives several parts).
struct PlanPart {
  enum class Kind { polygon, line, point };
  Kind kind = Kind::line;
  /// polygon: the outer ring (not repeated at the end); line: its vertices in order; point:
  /// one vertex. Arcs and bulges are already flattened (PlanReader's arc tolerance).
  std::vector<Vec2> points;
  std::vector<std::vector<Vec2>> holes;  ///< polygon only: the inner rings
};

/// One feature of a layer.
struct PlanFeature {
  std::int64_t fid = -1;  ///< the OGR feature id (DXF: the entity's number in the file)
  std::string handle;     ///< DXF/DWG entity handle (hexadecimal), empty elsewhere
  std::string name;       ///< from the name attribute; empty when none
  std::string text;       ///< DXF/DWG: the text of a TEXT/MTEXT entity (a label), else empty
  /// Other attributes by lower-case field name (capacity, max_density, max_flow, open, radius),
  /// as text; only fields that are set.
  std::map<std::string, std::string> attributes;
  std::vector<PlanPart> parts;
};

/// The features of one layer of the plan (an OGR layer, or the entities of one DXF layer).
struct PlanLayer {
  std::string name;
  std::vector<PlanFeature> features;
};

/// Where a point of the plan lies: the plan's coordinate reference system, as the layer
/// states it.
struct PlanCrs {
  std::string code;         ///< "EPSG:28992", or empty when the layer states none
  std::string description;  ///< the CRS name for messages ("Amersfoort / RD New")
  bool geographic = false;  ///< degrees of longitude and latitude, not metres
};

}  // namespace stroom::plan
