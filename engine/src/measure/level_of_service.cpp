// Fruin walkway levels of service; bands in stroom/level_of_service.hpp.
#include "stroom/level_of_service.hpp"

#include <cmath>

namespace stroom {

namespace {

struct LevelInfo {
  double min_space;  ///< m²/person: the level holds space > min_space (F: >= 0)
  const char* name;
  const char* colour;
  std::array<std::uint8_t, 3> rgb;
  const char* band;
};

// Colours: a green-to-red scale (ColorBrewer RdYlGn, 6 classes), readable in print.
constexpr std::array<LevelInfo, kLevelOfServiceCount> kLevels = {{
    {3.3, "A", "#1a9850", {0x1a, 0x98, 0x50}, "> 3.3 m²/P (< 0.30 P/m²)"},
    {2.3, "B", "#91cf60", {0x91, 0xcf, 0x60}, "2.3–3.3 m²/P (0.30–0.43 P/m²)"},
    {1.4, "C", "#d9ef8b", {0xd9, 0xef, 0x8b}, "1.4–2.3 m²/P (0.43–0.71 P/m²)"},
    {0.9, "D", "#fee08b", {0xfe, 0xe0, 0x8b}, "0.9–1.4 m²/P (0.71–1.11 P/m²)"},
    {0.5, "E", "#fc8d59", {0xfc, 0x8d, 0x59}, "0.5–0.9 m²/P (1.11–2.0 P/m²)"},
    {0.0, "F", "#d73027", {0xd7, 0x30, 0x27}, "< 0.5 m²/P (> 2.0 P/m²)"},
}};

const LevelInfo& info(LevelOfService level) {
  return kLevels[static_cast<int>(level)];
}

}  // namespace

LevelOfService level_of_service_for_space(double space_per_person) {
  // A boundary value belongs to the more crowded level: strictly more space than the lower
  // bound is needed for the better level.
  for (int i = 0; i < kLevelOfServiceCount - 1; ++i) {
    if (space_per_person > kLevels[i].min_space) return static_cast<LevelOfService>(i);
  }
  return LevelOfService::F;
}

LevelOfService level_of_service_for_density(double density) {
  if (!(density > 0.0)) return LevelOfService::A;
  return level_of_service_for_space(1.0 / density);
}

const char* level_of_service_name(LevelOfService level) {
  return info(level).name;
}
const char* level_of_service_colour(LevelOfService level) {
  return info(level).colour;
}
std::array<std::uint8_t, 3> level_of_service_rgb(LevelOfService level) {
  return info(level).rgb;
}
const char* level_of_service_band(LevelOfService level) {
  return info(level).band;
}

double level_of_service_min_density(LevelOfService level) {
  const int i = static_cast<int>(level);
  if (i == 0) return 0.0;
  return 1.0 / kLevels[i - 1].min_space;
}

}  // namespace stroom
