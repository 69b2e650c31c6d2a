// Reading a site plan through GDAL/OGR: DXF, GeoJSON, GeoPackage, shapefile and every other
// vector format GDAL reads. The only file of Stroom that includes GDAL (it is linked into the
// `stroom` tool alone, never into the engine).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plan.hpp"

namespace stroom::plan {

/// One line of `stroom import --list`: a layer and what it holds.
struct LayerSummary {
  std::string name;
  std::int64_t features = 0;
  std::int64_t polygons = 0;      ///< polygons and multipolygons (DXF: hatches, solids)
  std::int64_t closed_lines = 0;  ///< lines whose ends meet (closed polylines, circles)
  std::int64_t open_lines = 0;
  std::int64_t points = 0;  ///< points
  std::int64_t texts = 0;   ///< DXF/DWG texts (labels that can name the element around them)
  std::int64_t other = 0;   ///< empty geometries, collections of mixed kinds
  std::string crs;          ///< the layer's CRS ("EPSG:28992 (Amersfoort / RD New)"), or empty
};

class PlanReader {
 public:
  /// Opens `path` read-only. Arcs, circles, ellipses and polyline bulges are flattened so that
  /// no point of the flattened line lies farther than `arc_tolerance` m (in plan units) from
  /// the true curve: steps of at most 2° and chords of at most 8 × tolerance / (2° in radians),
  /// which bounds the sagitta R (1 − cos(φ/2)) ≤ R φ² / 8 by the tolerance for every radius R.
  /// Throws ScenarioError (`PATH: error: ...`) when GDAL cannot read the file.
  PlanReader(const std::string& path, double arc_tolerance);
  ~PlanReader();
  PlanReader(const PlanReader&) = delete;
  PlanReader& operator=(const PlanReader&) = delete;

  /// The GDAL driver that read the file ("DXF", "GeoJSON", "GPKG", "ESRI Shapefile").
  std::string driver() const;
  /// Every layer with its feature counts; for DXF and DWG, one line per drawing layer.
  std::vector<LayerSummary> list() const;
  /// The names of list(), for "did you mean" and "layers are" messages.
  std::vector<std::string> layer_names() const;

  /// The features of one layer: an OGR layer of that name, or else the entities of a DXF/DWG
  /// drawing layer of that name (paper-space entities left out). `name_field` names the
  /// attribute that holds element names (empty: the first of name, naam, label that the layer
  /// has, in any case). With `to_crs` (e.g. "EPSG:28992") every geometry is reprojected from
  /// the layer's CRS to it. With `where_field`, only the features whose attribute of that name
  /// reads `where_value` (e.g. role = exit). nullopt when no layer has that name; throws
  /// ScenarioError when a named field is missing or the reprojection is impossible.
  std::optional<PlanLayer> read(const std::string& layer, const std::string& name_field,
                                const std::string& to_crs, const std::string& where_field = {},
                                const std::string& where_value = {}) const;

  /// The CRS the layer states (an OGR layer of that name, or the one holding that DXF layer).
  PlanCrs crs_of(const std::string& layer) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stroom::plan
