// Colour scales of the map: Fruin's levels of service for density, a speed ramp and a palette
// for populations. RGBA bytes so that SFML and the CPU person splat share them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

/// Visitor profile names in the order the viewer colours and lists them: the built-in profiles
/// in their order (stroom/profiles.hpp), then the others alphabetically; no name twice. Live
/// and replay give the same names the same colours.
std::vector<std::string> ordered_profile_names(std::vector<std::string> names);

/// A distinct colour per visitor profile index (of ordered_profile_names()), repeating after 8.
Rgba profile_colour(int profile);

/// The faint link drawn between members of a walking group: dark, mostly transparent.
inline constexpr Rgba kGroupLink{40, 40, 60, 110};

/// Local density (persons/m²) for person colouring: the Fruin colour of its level.
inline Rgba density_colour(double density) {
  return fruin_colour(level_of_service_for_density(density));
}

}  // namespace stroom::view
