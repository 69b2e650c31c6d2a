// Density maps as PNG bytes (stb_image_write into memory) and base64 for data URIs.
#include <stb_image_write.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <mutex>

#include "stroom/level_of_service.hpp"
#include "stroom/report.hpp"

namespace stroom {

namespace {

void append_bytes(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(context);
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  out->insert(out->end(), bytes, bytes + size);
}

/// Density maps repeat each row of cells over several pixel rows, which the "up" filter turns
/// into zeros: for them every row uses it, about 1.6 times faster than stb's default of trying
/// all five filters on every row, for a few per cent more bytes. Other images (plans under the
/// maps) keep the default. The filter is a global of stb's: it is set, and the images that use
/// it encoded, under this lock.
constexpr int kUpFilter = 2, kBestPerRow = -1;
std::mutex stb_filter;

void encode_png(std::vector<std::uint8_t>& png, int width, int height, const std::uint8_t* rgba) {
  stbi_write_png_to_func(append_bytes, &png, width, height, 4, rgba, width * 4);
}

/// The pixels of a map, each cell `pixels_per_cell` square pixels of colour_of(value) (RGBA),
/// map row 0 at the bottom of the image (image rows run top to bottom); empty for an empty map.
template <class ColourOf>
std::vector<std::uint8_t> map_rgba(const DensityMap& map, int pixels_per_cell,
                                   ColourOf&& colour_of) {
  std::vector<std::uint8_t> rgba;
  if (map.columns <= 0 || map.rows <= 0 || pixels_per_cell <= 0) return rgba;
  const int w = map.columns * pixels_per_cell, h = map.rows * pixels_per_cell;
  rgba.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4, 0);
  for (int row = 0; row < map.rows; ++row) {
    for (int col = 0; col < map.columns; ++col) {
      const std::array<std::uint8_t, 4> c =
          colour_of(map.values[static_cast<std::size_t>(row * map.columns + col)]);
      const int y0 = (map.rows - 1 - row) * pixels_per_cell;
      for (int py = y0; py < y0 + pixels_per_cell; ++py) {
        for (int px = col * pixels_per_cell; px < (col + 1) * pixels_per_cell; ++px) {
          const std::size_t i = (static_cast<std::size_t>(py) * w + px) * 4;
          for (int k = 0; k < 4; ++k)
            rgba[i + k] = c[k];
        }
      }
    }
  }
  return rgba;
}

/// A map's pixels coloured by a scale: NaN (not measured) transparent.
std::vector<std::uint8_t> map_rgba(const DensityMap& map, int pixels_per_cell,
                                   const ColourScale& scale) {
  return map_rgba(map, pixels_per_cell, [&scale](double v) {
    if (std::isnan(v)) return std::array<std::uint8_t, 4>{0, 0, 0, 0};
    const int k = scale.class_of(v);
    const auto& rgb = k < 0 ? scale.zero : scale.colours[static_cast<std::size_t>(k)];
    return std::array<std::uint8_t, 4>{rgb[0], rgb[1], rgb[2], 0xff};
  });
}

}  // namespace

std::vector<std::uint8_t> density_map_png(const DensityMap& map, int pixels_per_cell) {
  std::vector<std::uint8_t> png;
  const std::vector<std::uint8_t> rgba = map_rgba(map, pixels_per_cell, [](double d) {
    if (std::isnan(d)) return std::array<std::uint8_t, 4>{0, 0, 0, 0};         // not measured
    if (d <= 0.0) return std::array<std::uint8_t, 4>{0xfb, 0xfb, 0xfb, 0xff};  // empty
    const auto rgb = level_of_service_rgb(level_of_service_for_density(d));
    return std::array<std::uint8_t, 4>{rgb[0], rgb[1], rgb[2], 0xff};
  });
  if (rgba.empty()) return png;
  const std::lock_guard<std::mutex> lock(stb_filter);
  stbi_write_force_png_filter = kUpFilter;
  encode_png(png, map.columns * pixels_per_cell, map.rows * pixels_per_cell, rgba.data());
  return png;
}

int ColourScale::class_of(double v) const {
  if (std::isnan(v)) return -1;
  if (has_zero && v <= 0.0) return -1;
  int k = 0;
  while (k < static_cast<int>(bounds.size()) && v > bounds[static_cast<std::size_t>(k)])
    ++k;
  return k;
}

std::vector<std::uint8_t> map_png(const DensityMap& map, int pixels_per_cell,
                                  const ColourScale& scale) {
  return map_pngs({MapImage{map, pixels_per_cell, scale}}).front();
}

std::vector<std::vector<std::uint8_t>> map_pngs(const std::vector<MapImage>& images) {
  const std::size_t n = images.size();
  std::vector<std::vector<std::uint8_t>> pixels(n), png(n);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t k) {
    pixels[k] = map_rgba(images[k].map, images[k].pixels_per_cell, images[k].scale);
  });
  const std::lock_guard<std::mutex> lock(stb_filter);
  stbi_write_force_png_filter = kUpFilter;
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t k) {
    if (pixels[k].empty()) return;
    const MapImage& image = images[k];
    encode_png(png[k], image.map.columns * image.pixels_per_cell,
               image.map.rows * image.pixels_per_cell, pixels[k].data());
  });
  return png;
}

DensityMap max_pool(const DensityMap& map, int block) {
  if (block <= 1) return map;
  DensityMap out;
  out.columns = (map.columns + block - 1) / block;
  out.rows = (map.rows + block - 1) / block;
  out.cell = map.cell * block;
  out.origin = map.origin;
  out.time = map.time;
  out.values.assign(static_cast<std::size_t>(out.columns) * out.rows,
                    std::numeric_limits<double>::quiet_NaN());
  for (int row = 0; row < map.rows; ++row) {
    for (int col = 0; col < map.columns; ++col) {
      const double v = map.values[static_cast<std::size_t>(row * map.columns + col)];
      if (std::isnan(v)) continue;
      double& o = out.values[static_cast<std::size_t>((row / block) * out.columns + col / block)];
      o = std::isnan(o) ? v : std::max(o, v);
    }
  }
  return out;
}

std::vector<std::uint8_t> rgba_png(int width, int height, const std::vector<std::uint8_t>& rgba) {
  std::vector<std::uint8_t> png;
  if (width <= 0 || height <= 0 ||
      rgba.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4)
    return png;
  const std::lock_guard<std::mutex> lock(stb_filter);
  stbi_write_force_png_filter = kBestPerRow;
  encode_png(png, width, height, rgba.data());
  return png;
}

std::string base64_encode(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) |
                            std::uint32_t{bytes[i + 2]};
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    if (i + 1 < bytes.size()) v |= std::uint32_t{bytes[i + 1]} << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace stroom
