// Colour scales of the map: Fruin's levels of service for density, a speed ramp and a palette
// for populations. RGBA bytes so that SFML and the CPU person splat share them.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "stroom/level_of_service.hpp"

namespace stroom::view {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  constexpr bool operator==(const Rgba&) const = default;
};

/// Fruin's walkway level of service: the engine's bands and colours (stroom/level_of_service.hpp),
/// so that the viewer, report.html and the docs agree.
Rgba fruin_colour(LevelOfService level, std::uint8_t alpha = 255);

/// Walking speed (m/s) on a ramp from dark red (standing) through amber to teal (free walking
/// at `free_speed` and above): slow people, the ones to worry about, stand out.
Rgba speed_colour(double speed, double free_speed = 1.34);

/// A distinct colour per population index, repeating after 8.
Rgba population_colour(int population);

/// Local density (persons/m²) for person colouring: the Fruin colour of its level.
inline Rgba density_colour(double density) {
  return fruin_colour(level_of_service_for_density(density));
}

}  // namespace stroom::view
