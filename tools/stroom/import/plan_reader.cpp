// Reading a site plan through GDAL/OGR (see plan_reader.hpp). GDAL's own messages are
// silenced and come back as `PLAN: error: ...` lines.
#include "plan_reader.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numbers>
#include <set>

#include "stroom/error.hpp"

namespace stroom::plan {

namespace {

/// Arcs are cut into steps of at most this many degrees (OGR_ARC_STEPSIZE).
constexpr double kArcStepDegrees = 2.0;

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  std::vector<Diagnostic> d(1);
  d[0].where.file = path;
  d[0].message = message;
  throw ScenarioError(std::move(d));
}

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string gdal_message(const char* fallback) {
  const char* msg = CPLGetLastErrorMsg();
  return (msg != nullptr && *msg != '\0') ? std::string(msg) : std::string(fallback);
}

/// True for the CAD drivers whose single `entities` layer holds every drawing layer, told
/// apart by the `Layer` field.
bool is_cad_driver(const std::string& driver) {
  return driver == "DXF" || driver == "DWG" || driver == "CAD";
}

PlanCrs crs_of(const OGRSpatialReference* srs) {
  PlanCrs out;
  if (srs == nullptr) return out;
  OGRSpatialReference copy(*srs);
  const char* auth = copy.GetAuthorityName(nullptr);
  if (auth == nullptr && copy.AutoIdentifyEPSG() == OGRERR_NONE)
    auth = copy.GetAuthorityName(nullptr);
  const char* code = copy.GetAuthorityCode(nullptr);
  if (auth != nullptr && code != nullptr) out.code = std::string(auth) + ":" + code;
  if (const char* name = copy.GetName()) out.description = name;
  out.geographic = copy.IsGeographic();
  return out;
}

void add_ring(const OGRLinearRing* ring, std::vector<Vec2>& out) {
  const int n = ring->getNumPoints();
  for (int i = 0; i < n; ++i)
    out.push_back({ring->getX(i), ring->getY(i)});
  if (out.size() >= 2 && out.front() == out.back()) out.pop_back();
}

/// Appends the simple parts of `g` (already linear) to `out`; returns false when some part
/// is of a kind that has no meaning for a venue (a TIN, a polyhedral surface).
bool add_parts(const OGRGeometry* g, std::vector<PlanPart>& out) {
  if (g == nullptr || g->IsEmpty()) return true;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPoint: {
      const OGRPoint* p = g->toPoint();
      out.push_back({PlanPart::Kind::point, {{p->getX(), p->getY()}}, {}});
      return true;
    }
    case wkbLineString:
    case wkbLinearRing: {
      const OGRSimpleCurve* l = g->toSimpleCurve();
      PlanPart part;
      part.kind = PlanPart::Kind::line;
      for (int i = 0; i < l->getNumPoints(); ++i)
        part.points.push_back({l->getX(i), l->getY(i)});
      out.push_back(std::move(part));
      return true;
    }
    case wkbPolygon: {
      const OGRPolygon* poly = g->toPolygon();
      PlanPart part;
      part.kind = PlanPart::Kind::polygon;
      if (const OGRLinearRing* ring = poly->getExteriorRing()) add_ring(ring, part.points);
      for (int i = 0; i < poly->getNumInteriorRings(); ++i) {
        std::vector<Vec2> hole;
        add_ring(poly->getInteriorRing(i), hole);
        part.holes.push_back(std::move(hole));
      }
      out.push_back(std::move(part));
      return true;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
      bool ok = true;
      for (const OGRGeometry* sub : *g->toGeometryCollection())
        ok = add_parts(sub, out) && ok;
      return ok;
    }
    default:
      return false;
  }
}

/// The kind of a feature for --list.
void count_kind(const OGRGeometry* g, bool text, LayerSummary& s) {
  ++s.features;
  if (text) {
    ++s.texts;
    return;
  }
  if (g == nullptr || g->IsEmpty()) {
    ++s.other;
    return;
  }
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPoint:
    case wkbMultiPoint:
      ++s.points;
      return;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
      ++s.polygons;
      return;
    case wkbLineString:
    case wkbCircularString:
    case wkbCompoundCurve: {
      const OGRCurve* c = g->toCurve();
      if (c->get_IsClosed())
        ++s.closed_lines;
      else
        ++s.open_lines;
      return;
    }
    case wkbMultiLineString:
    case wkbMultiCurve:
      ++s.open_lines;
      return;
    default:
      ++s.other;
  }
}

std::string crs_text(const PlanCrs& crs) {
  if (crs.code.empty()) return crs.description;
  return crs.description.empty() ? crs.code : crs.code + " (" + crs.description + ")";
}

}  // namespace

struct PlanReader::Impl {
  std::string path;
  GDALDatasetUniquePtr dataset;
  std::string driver;

  /// The OGR layer of that name, or null.
  OGRLayer* ogr_layer(const std::string& name) const {
    for (OGRLayer* layer : dataset->GetLayers())
      if (name == layer->GetName()) return layer;
    return nullptr;
  }
  /// The OGR layers holding CAD entities (a `Layer` field).
  std::vector<OGRLayer*> cad_layers() const {
    std::vector<OGRLayer*> out;
    if (!is_cad_driver(driver)) return out;
    for (OGRLayer* layer : dataset->GetLayers())
      if (layer->GetLayerDefn()->GetFieldIndex("Layer") >= 0) out.push_back(layer);
    return out;
  }
};

PlanReader::PlanReader(const std::string& path, double arc_tolerance)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) fail(path, "cannot read the plan: no such file");
  GDALAllRegister();
  CPLSetErrorHandler(CPLQuietErrorHandler);
  // The sagitta of a chord of angle φ on radius R is R (1 − cos(φ/2)) ≤ R φ² / 8. Steps of at
  // most θ and chords of at most g give φ ≤ min(θ, g / R), so the sagitta is at most
  // R θ (g / R) / 8 = g θ / 8 for every R: g = 8 × tolerance / θ bounds it by the tolerance.
  const double step = kArcStepDegrees * std::numbers::pi / 180.0;
  char value[64];
  std::snprintf(value, sizeof value, "%.6g", kArcStepDegrees);
  CPLSetConfigOption("OGR_ARC_STEPSIZE", value);
  std::snprintf(value, sizeof value, "%.9g", 8.0 * arc_tolerance / step);
  CPLSetConfigOption("OGR_ARC_MAX_GAP", value);
  CPLErrorReset();
  impl_->dataset.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                         nullptr, nullptr));
  if (!impl_->dataset)
    fail(path, "cannot read the plan: " +
                   gdal_message("GDAL reads no vector data from it (DXF, GeoJSON, GeoPackage, "
                                "shapefile and the other formats of `ogrinfo --formats`)"));
  if (GDALDriver* d = impl_->dataset->GetDriver()) impl_->driver = d->GetDescription();
}

PlanReader::~PlanReader() = default;

std::string PlanReader::driver() const {
  return impl_->driver;
}

std::vector<LayerSummary> PlanReader::list() const {
  std::vector<LayerSummary> out;
  const std::vector<OGRLayer*> cad = impl_->cad_layers();
  for (OGRLayer* layer : impl_->dataset->GetLayers()) {
    const std::string crs = crs_text(stroom::plan::crs_of(layer->GetSpatialRef()));
    if (std::find(cad.begin(), cad.end(), layer) != cad.end()) {
      std::map<std::string, LayerSummary> by_layer;
      const OGRFeatureDefn* defn = layer->GetLayerDefn();
      const int layer_field = defn->GetFieldIndex("Layer");
      const int text_field = defn->GetFieldIndex("Text");
      const int paper_field = defn->GetFieldIndex("PaperSpace");
      layer->ResetReading();
      for (const auto& feature : *layer) {
        if (paper_field >= 0 && feature->GetFieldAsInteger(paper_field) != 0) continue;
        const std::string name = feature->GetFieldAsString(layer_field);
        LayerSummary& s = by_layer[name];
        s.name = name;
        s.crs = crs;
        // A TEXT or MTEXT entity: a point with text (a hatch's Text is its pattern name).
        const OGRGeometry* g = feature->GetGeometryRef();
        const bool text = text_field >= 0 && *feature->GetFieldAsString(text_field) != '\0' &&
                          g != nullptr && wkbFlatten(g->getGeometryType()) == wkbPoint;
        count_kind(feature->GetGeometryRef(), text, s);
      }
      for (auto& [name, s] : by_layer)
        out.push_back(std::move(s));
      continue;
    }
    LayerSummary s;
    s.name = layer->GetName();
    s.crs = crs;
    layer->ResetReading();
    for (const auto& feature : *layer)
      count_kind(feature->GetGeometryRef(), false, s);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> PlanReader::layer_names() const {
  std::vector<std::string> out;
  for (const LayerSummary& s : list())
    out.push_back(s.name);
  return out;
}

PlanCrs PlanReader::crs_of(const std::string& name) const {
  if (OGRLayer* layer = impl_->ogr_layer(name)) return stroom::plan::crs_of(layer->GetSpatialRef());
  const std::vector<OGRLayer*> cad = impl_->cad_layers();  // a drawing layer: its file's CRS
  return cad.empty() ? PlanCrs{} : stroom::plan::crs_of(cad.front()->GetSpatialRef());
}

std::optional<PlanLayer> PlanReader::read(const std::string& name, const std::string& name_field,
                                          const std::string& to_crs, const std::string& where_field,
                                          const std::string& where_value) const {
  OGRLayer* layer = impl_->ogr_layer(name);
  std::string cad_name;  // the drawing layer to keep, or empty for every feature
  if (layer == nullptr) {
    for (OGRLayer* cad : impl_->cad_layers()) {
      const int field = cad->GetLayerDefn()->GetFieldIndex("Layer");
      cad->ResetReading();
      for (const auto& feature : *cad) {
        if (name == feature->GetFieldAsString(field)) {
          layer = cad;
          cad_name = name;
          break;
        }
      }
      if (layer != nullptr) break;
    }
  }  // else an OGR layer (for DXF, `entities` itself: every drawing layer)
  if (layer == nullptr) return std::nullopt;

  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int layer_field = defn->GetFieldIndex("Layer");
  const int text_field = is_cad_driver(impl_->driver) ? defn->GetFieldIndex("Text") : -1;
  const int handle_field = is_cad_driver(impl_->driver) ? defn->GetFieldIndex("EntityHandle") : -1;
  const int paper_field = is_cad_driver(impl_->driver) ? defn->GetFieldIndex("PaperSpace") : -1;
  const auto field_list = [&] {
    std::string fields;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
      fields += std::string(fields.empty() ? "" : ", ") + defn->GetFieldDefn(i)->GetNameRef();
    return fields.empty() ? std::string("none") : fields;
  };
  int where_index = -1;
  if (!where_field.empty()) {
    where_index = defn->GetFieldIndex(where_field.c_str());
    if (where_index < 0)
      fail(impl_->path, "layer '" + name + "' has no attribute '" + where_field +
                            "' (--map ...=" + name + "[" + where_field + "=" + where_value +
                            "]); its attributes are: " + field_list());
  }
  int name_index = -1;
  if (!name_field.empty()) {
    name_index = defn->GetFieldIndex(name_field.c_str());
    if (name_index < 0)
      fail(impl_->path, "layer '" + name + "' has no attribute '" + name_field +
                            "' (--name-field); its attributes are: " + field_list());
  } else {
    for (const char* candidate : {"name", "naam", "label"}) {
      for (int i = 0; i < defn->GetFieldCount() && name_index < 0; ++i)
        if (lower(defn->GetFieldDefn(i)->GetNameRef()) == candidate) name_index = i;
    }
  }

  std::unique_ptr<OGRCoordinateTransformation> transform;
  if (!to_crs.empty()) {
    const OGRSpatialReference* source = layer->GetSpatialRef();
    if (source == nullptr)
      fail(impl_->path, "layer '" + name + "' states no coordinate reference system, so it " +
                            "cannot be reprojected to " + to_crs + " (--crs)");
    OGRSpatialReference target;
    if (target.SetFromUserInput(to_crs.c_str()) != OGRERR_NONE)
      fail(impl_->path, "--crs " + to_crs + ": not a coordinate reference system GDAL knows " +
                            "(write it as EPSG:28992)");
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference from(*source);
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!from.IsSame(&target)) {
      CPLErrorReset();
      transform.reset(OGRCreateCoordinateTransformation(&from, &target));
      if (!transform)
        fail(impl_->path, "cannot reproject layer '" + name + "' to " + to_crs + ": " +
                              gdal_message("no transformation known"));
    }
  }

  PlanLayer out;
  out.name = name;
  layer->ResetReading();
  for (const auto& feature : *layer) {
    if (!cad_name.empty() && cad_name != feature->GetFieldAsString(layer_field)) continue;
    if (paper_field >= 0 && feature->GetFieldAsInteger(paper_field) != 0) continue;
    if (where_index >= 0 && where_value != feature->GetFieldAsString(where_index)) continue;
    PlanFeature f;
    f.fid = feature->GetFID();
    if (handle_field >= 0) f.handle = feature->GetFieldAsString(handle_field);
    if (text_field >= 0) f.text = feature->GetFieldAsString(text_field);
    if (name_index >= 0 && feature->IsFieldSetAndNotNull(name_index))
      f.name = feature->GetFieldAsString(name_index);
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      if (i == name_index || !feature->IsFieldSetAndNotNull(i)) continue;
      f.attributes[lower(defn->GetFieldDefn(i)->GetNameRef())] = feature->GetFieldAsString(i);
    }
    if (const OGRGeometry* g = feature->GetGeometryRef()) {
      std::unique_ptr<OGRGeometry> linear;
      if (g->hasCurveGeometry()) {
        linear.reset(g->getLinearGeometry());
        g = linear.get();
      }
      if (transform) {
        if (!linear) linear.reset(g->clone());
        if (linear->transform(transform.get()) != OGRERR_NONE)
          fail(impl_->path, "layer '" + name + "', feature " + std::to_string(f.fid) +
                                ": cannot reproject it to " + to_crs);
        g = linear.get();
      }
      if (!add_parts(g, f.parts))
        f.attributes["@unsupported"] = OGRGeometryTypeToName(g->getGeometryType());
    }
    // Only a TEXT or MTEXT entity (a point) is a label; a hatch's Text is its pattern name.
    if (std::any_of(f.parts.begin(), f.parts.end(),
                    [](const PlanPart& p) { return p.kind != PlanPart::Kind::point; }))
      f.text.clear();
    out.features.push_back(std::move(f));
  }
  return out;
}

}  // namespace stroom::plan
