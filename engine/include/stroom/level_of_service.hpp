// Fruin's walkway levels of service (Fruin 1971), from the space available per person.
// Bands (docs/measurement.md, shared reference validation.md §3.7):
//   A > 3.3 m², B 2.3–3.3, C 1.4–2.3, D 0.9–1.4, E 0.5–0.9, F < 0.5 m² per person.
// A value on a boundary belongs to the more crowded level (3.3 m² is B, 0.5 m² is F).
#pragma once

#include <array>
#include <cstdint>

namespace stroom {

enum class LevelOfService : std::uint8_t { A, B, C, D, E, F };
inline constexpr int kLevelOfServiceCount = 6;

/// Level for a given space per person, m²/person (infinite or > 3.3 → A).
LevelOfService level_of_service_for_space(double space_per_person);
/// Level for a density, persons/m² (0 → A).
LevelOfService level_of_service_for_density(double density);

/// "A" … "F".
const char* level_of_service_name(LevelOfService level);
/// Colour of the level on maps and charts, "#rrggbb" (green A … dark red F).
const char* level_of_service_colour(LevelOfService level);
/// The same colour as 8-bit RGB.
std::array<std::uint8_t, 3> level_of_service_rgb(LevelOfService level);
/// Band as text for legends, e.g. "2.3–3.3 m²/P (0.30–0.43 P/m²)".
const char* level_of_service_band(LevelOfService level);
/// Lowest density of the level, persons/m² (A: 0).
double level_of_service_min_density(LevelOfService level);

}  // namespace stroom
