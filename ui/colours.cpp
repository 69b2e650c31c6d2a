#include "colours.hpp"

#include <algorithm>
#include <cmath>

#include "stroom/profiles.hpp"

namespace stroom::view {

Rgba fruin_colour(LevelOfService level, std::uint8_t alpha) {
  const auto rgb = level_of_service_rgb(level);
  return {rgb[0], rgb[1], rgb[2], alpha};
}

Rgba speed_colour(double speed, double free_speed) {
  // Three stops: 0 → dark red, half → amber, free speed → teal.
  const double t = std::clamp(speed / std::max(free_speed, 1e-6), 0.0, 1.0);
  auto mix = [](Rgba a, Rgba b, double u) {
    auto ch = [u](std::uint8_t x, std::uint8_t y) {
      return static_cast<std::uint8_t>(std::lround(x + (y - x) * u));
    };
    return Rgba{ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b), 255};
  };
  constexpr Rgba slow{190, 30, 45, 255}, mid{245, 170, 40, 255}, fast{30, 150, 170, 255};
  return t < 0.5 ? mix(slow, mid, t * 2.0) : mix(mid, fast, (t - 0.5) * 2.0);
}

Rgba population_colour(int population) {
  static constexpr std::array<Rgba, 8> kPalette = {{
      {31, 119, 180, 255},
      {255, 127, 14, 255},
      {44, 160, 44, 255},
      {214, 39, 40, 255},
      {148, 103, 189, 255},
      {140, 86, 75, 255},
      {227, 119, 194, 255},
      {23, 190, 207, 255},
  }};
  const int i = population < 0 ? 0 : population % 8;
  return kPalette[static_cast<std::size_t>(i)];
}

std::vector<std::string> ordered_profile_names(std::vector<std::string> names) {
  auto rank = [](const std::string& name) {
    int k = 0;
    for (const BuiltinProfile& b : builtin_profiles()) {
      if (b.name == name) return k;
      ++k;
    }
    return k;
  };
  std::sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    const int ra = rank(a), rb = rank(b);
    return ra != rb ? ra < rb : a < b;
  });
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Rgba profile_colour(int profile) {
  // adult blue, older orange, reduced mobility purple, wheelchair magenta; then own profiles.
  static constexpr std::array<Rgba, 8> kPalette = {{
      {50, 110, 200, 255},
      {240, 140, 20, 255},
      {140, 70, 190, 255},
      {220, 30, 130, 255},
      {40, 160, 70, 255},
      {150, 100, 60, 255},
      {20, 180, 200, 255},
      {120, 120, 120, 255},
  }};
  const int i = profile < 0 ? 7 : profile % 8;
  return kPalette[static_cast<std::size_t>(i)];
}

}  // namespace stroom::view
