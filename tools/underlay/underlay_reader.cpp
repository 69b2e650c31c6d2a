#include "underlay_reader.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>

#include "stroom/limits.hpp"

namespace stroom::underlay {

namespace {

struct DatasetCloser {
  void operator()(void* dataset) const { GDALClose(static_cast<GDALDatasetH>(dataset)); }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

/// An image file through GDAL's raster drivers, with what the checks need.
struct Opened {
  Dataset dataset;
  int width = 0, height = 0, bands = 0;
  std::optional<std::array<double, 6>> embedded;  ///< the image's own geotransform
  std::string problem;                            ///< empty when the image can be drawn
};

Opened open_image(const std::string& path) {
  GDALAllRegister();
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  Opened o;
  o.dataset.reset(
      GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  CPLPopErrorHandler();
  if (!o.dataset) {
    const std::string gdal = CPLGetLastErrorMsg();
    o.problem = "cannot be read as an image" + (gdal.empty() ? "" : " (" + gdal + ")");
    return o;
  }
  const auto ds = static_cast<GDALDatasetH>(o.dataset.get());
  o.width = GDALGetRasterXSize(ds);
  o.height = GDALGetRasterYSize(ds);
  o.bands = GDALGetRasterCount(ds);
  if (o.bands < 1 || o.bands > 4) {
    o.problem = "has " + std::to_string(o.bands) +
                " bands; an underlay has 1 to 4 (grey, "
                "grey and alpha, RGB, RGBA)";
    return o;
  }
  for (int b = 1; b <= o.bands; ++b) {
    if (GDALGetRasterDataType(GDALGetRasterBand(ds, b)) != GDT_Byte) {
      o.problem = "is not an 8-bit image (band " + std::to_string(b) + " is " +
                  GDALGetDataTypeName(GDALGetRasterDataType(GDALGetRasterBand(ds, b))) +
                  "); save the plan as 8-bit PNG, JPEG or GeoTIFF";
      return o;
    }
  }
  if (o.width < 1 || o.height < 1 || o.width > limits::kMaxUnderlaySide ||
      o.height > limits::kMaxUnderlaySide) {
    o.problem = "is " + std::to_string(o.width) + " × " + std::to_string(o.height) +
                " pixels; an underlay has at most " + std::to_string(limits::kMaxUnderlaySide) +
                " a side";
    return o;
  }
  std::array<double, 6> t{};
  // GDAL reports (0, 1, 0, 0, 0, 1) and CE_Failure for an image without a georeference.
  if (GDALGetGeoTransform(ds, t.data()) == CE_None) o.embedded = t;
  return o;
}

/// Bounding box of the image's corners in venue coordinates.
Bounds image_bounds(const std::array<double, 6>& t, int width, int height) {
  Bounds b;
  bool first = true;
  for (const auto& [u, v] : {std::pair{0.0, 0.0}, std::pair{1.0 * width, 0.0},
                             std::pair{0.0, 1.0 * height}, std::pair{1.0 * width, 1.0 * height}}) {
    const Vec2 p{t[0] + u * t[1] + v * t[2], t[3] + u * t[4] + v * t[5]};
    if (first) b = {p, p}, first = false;
    b.min = {std::min(b.min.x, p.x), std::min(b.min.y, p.y)};
    b.max = {std::max(b.max.x, p.x), std::max(b.max.y, p.y)};
  }
  return b;
}

Bounds walkable_bounds(const VenueDesc& venue) {
  Bounds b;
  bool first = true;
  for (const Polygon& poly : venue.walkable) {
    for (const Vec2& p : poly) {
      if (first) b = {p, p}, first = false;
      b.min = {std::min(b.min.x, p.x), std::min(b.min.y, p.y)};
      b.max = {std::max(b.max.x, p.x), std::max(b.max.y, p.y)};
    }
  }
  return b;
}

/// The checks of check(), on an opened image; the placement when they pass.
std::optional<std::array<double, 6>> placed(const VenueDesc& venue, const Opened& image,
                                            std::vector<Diagnostic>& problems) {
  const VenueUnderlay& u = *venue.underlay;
  const auto fail = [&](const std::string& message) {
    problems.push_back({u.where, "venue.underlay: " + message});
    return std::nullopt;
  };
  if (!image.problem.empty()) return fail("image '" + u.image + "' " + image.problem);
  const auto t = placement(venue, image.width, image.height, image.embedded);
  if (!t)
    return fail("image '" + u.image +
                "' carries no georeference; give world_file or corners to place it");
  const Bounds drawn = image_bounds(*t, image.width, image.height);
  const Bounds area = walkable_bounds(venue);
  if (!venue.walkable.empty() && (drawn.max.x < area.min.x || drawn.min.x > area.max.x ||
                                  drawn.max.y < area.min.y || drawn.min.y > area.max.y)) {
    // A world file or a GeoTIFF is in the plan's coordinates: the usual mistake is the origin.
    const std::string hint =
        !u.corners.empty() ? ""
        : !venue.origin
            ? " (a world file or GeoTIFF is in the plan's coordinates: does the venue need "
              "venue.origin?)"
            : " (venue.origin is subtracted from the plan's coordinates: is it the origin the "
              "venue was drawn with?)";
    return fail("image '" + u.image + "' lies outside the walkable area: it spans x " +
                number(drawn.min.x) + " to " + number(drawn.max.x) + " m, y " +
                number(drawn.min.y) + " to " + number(drawn.max.y) + " m; the walkable area x " +
                number(area.min.x) + " to " + number(area.max.x) + " m, y " + number(area.min.y) +
                " to " + number(area.max.y) + " m" + hint);
  }
  return t;
}

}  // namespace

std::optional<std::array<double, 6>> placement(
    const VenueDesc& venue, int width, int height,
    const std::optional<std::array<double, 6>>& embedded) {
  if (!venue.underlay || width < 1 || height < 1) return std::nullopt;
  const VenueUnderlay& u = *venue.underlay;
  const double w = width, h = height;
  if (u.corners.size() == 2) {
    const Vec2 bl = u.corners[0], tr = u.corners[1];
    return std::array<double, 6>{bl.x, (tr.x - bl.x) / w, 0.0, tr.y, 0.0, -(tr.y - bl.y) / h};
  }
  if (u.corners.size() == 3) {
    // Bottom-left, bottom-right, top-left: the top-left corner is the image's (0, 0); columns
    // run towards bottom-right − bottom-left, rows (down) towards bottom-left − top-left.
    const Vec2 bl = u.corners[0], br = u.corners[1], tl = u.corners[2];
    return std::array<double, 6>{tl.x, (br.x - bl.x) / w, (bl.x - tl.x) / h,
                                 tl.y, (br.y - bl.y) / w, (bl.y - tl.y) / h};
  }
  std::array<double, 6> t{};
  if (!u.world_file.empty()) {
    // A world file gives the centre of the top-left pixel: its corner lies half a pixel back
    // along both pixel axes.
    const auto& [a, d, b, e, c, f] = u.world;
    t = {c - 0.5 * a - 0.5 * b, a, b, f - 0.5 * d - 0.5 * e, d, e};
  } else if (embedded) {
    t = *embedded;
  } else {
    return std::nullopt;
  }
  if (venue.origin) {
    t[0] -= venue.origin->x;
    t[3] -= venue.origin->y;
  }
  return t;
}

std::vector<Diagnostic> check(const VenueDesc& venue) {
  std::vector<Diagnostic> problems;
  if (!venue.underlay) return problems;
  const Opened image = open_image(venue.underlay->image);
  placed(venue, image, problems);
  return problems;
}

UnderlayImage decode(const VenueDesc& venue, int max_side) {
  std::vector<Diagnostic> problems;
  if (!venue.underlay) return {};
  const VenueUnderlay& u = *venue.underlay;
  const Opened image = open_image(u.image);
  const auto t = placed(venue, image, problems);
  if (!t) throw ScenarioError(std::move(problems));

  // Scaled down by an area average so that a fine plan does not alias into noise.
  const double shrink = std::max(
      1.0, static_cast<double>(std::max(image.width, image.height)) / std::max(1, max_side));
  UnderlayImage out;
  out.width = std::max(1, static_cast<int>(std::lround(image.width / shrink)));
  out.height = std::max(1, static_cast<int>(std::lround(image.height / shrink)));
  const double su = static_cast<double>(image.width) / out.width;
  const double sv = static_cast<double>(image.height) / out.height;
  out.to_venue = {(*t)[0], (*t)[1] * su, (*t)[2] * sv, (*t)[3], (*t)[4] * su, (*t)[5] * sv};
  out.opacity = u.opacity;
  out.source = u.image;

  const auto ds = static_cast<GDALDatasetH>(image.dataset.get());
  const std::size_t pixels = static_cast<std::size_t>(out.width) * out.height;
  std::vector<std::uint8_t> band(pixels);
  std::vector<std::vector<std::uint8_t>> planes;
  GDALRasterIOExtraArg extra;
  INIT_RASTERIO_EXTRA_ARG(extra);
  extra.eResampleAlg = GRIORA_Average;
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  bool read = true;
  for (int b = 1; b <= image.bands && read; ++b) {
    read = GDALRasterIOEx(GDALGetRasterBand(ds, b), GF_Read, 0, 0, image.width, image.height,
                          band.data(), out.width, out.height, GDT_Byte, 0, 0, &extra) == CE_None;
    planes.push_back(band);
  }
  CPLPopErrorHandler();
  if (!read) {
    const std::string gdal = CPLGetLastErrorMsg();
    problems.push_back({u.where, "venue.underlay: image '" + u.image + "' cannot be decoded" +
                                     (gdal.empty() ? "" : " (" + gdal + ")")});
    throw ScenarioError(std::move(problems));
  }

  // One band: grey, or indices into a colour table.
  GDALColorTableH table =
      image.bands == 1 ? GDALGetRasterColorTable(GDALGetRasterBand(ds, 1)) : nullptr;
  out.rgba.resize(pixels * 4);
  for (std::size_t i = 0; i < pixels; ++i) {
    std::uint8_t* px = &out.rgba[i * 4];
    if (table != nullptr) {
      const GDALColorEntry* c = GDALGetColorEntry(table, planes[0][i]);
      px[0] = c ? static_cast<std::uint8_t>(c->c1) : 0;
      px[1] = c ? static_cast<std::uint8_t>(c->c2) : 0;
      px[2] = c ? static_cast<std::uint8_t>(c->c3) : 0;
      px[3] = c ? static_cast<std::uint8_t>(c->c4) : 0;
    } else if (image.bands <= 2) {
      px[0] = px[1] = px[2] = planes[0][i];
      px[3] = image.bands == 2 ? planes[1][i] : 255;
    } else {
      px[0] = planes[0][i];
      px[1] = planes[1][i];
      px[2] = planes[2][i];
      px[3] = image.bands == 4 ? planes[3][i] : 255;
    }
  }
  return out;
}

}  // namespace stroom::underlay
