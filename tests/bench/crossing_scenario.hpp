// The crossing benchmark's scene, shared by the benchmarks that run or record it.
#pragma once

#include <cmath>
#include <string>

#include "stroom/scenario.hpp"

namespace stroom::bench {

/// An open square; `persons` start at `density` P/m² in its inner part, in four quadrants, and each
/// quadrant walks to the waypoint at the mirror image of its centre, so the four streams cross
/// in the middle. Afterwards they leave through a 2 m exit in the south wall.
inline Scenario crossing_scenario(int persons, double density) {
  const double inner = std::sqrt(static_cast<double>(persons) / density);  // m: start square
  const double side = inner * 1.25;
  const double c = side / 2.0;
  Scenario s;
  s.name = "crossing";
  s.seed = 1;
  s.step = 0.05;
  s.duration = 1e6;
  s.venue.walkable.push_back({{0, 0}, {side, 0}, {side, side}, {0, side}});
  s.venue.exits.push_back(ExitDesc{"south", {{c - 1, 0}, {c + 1, 0}}, {}});
  // Four quadrants of the start square; each walks to the waypoint mirrored through the centre.
  const double h = inner / 2.0;
  const Vec2 centres[4] = {{c - h / 2, c - h / 2},
                           {c + h / 2, c - h / 2},
                           {c + h / 2, c + h / 2},
                           {c - h / 2, c + h / 2}};
  for (int q = 0; q < 4; ++q) {
    const Vec2 m = centres[q];
    const Vec2 mirror{2 * c - m.x, 2 * c - m.y};
    s.venue.waypoints.push_back(WaypointDesc{"w" + std::to_string(q), mirror, h / 2.0, {}});
    PopulationDesc pop;
    pop.name = "q" + std::to_string(q);
    pop.count = persons / 4;
    pop.in.polygon = {{m.x - h / 2, m.y - h / 2},
                      {m.x + h / 2, m.y - h / 2},
                      {m.x + h / 2, m.y + h / 2},
                      {m.x - h / 2, m.y + h / 2}};
    JourneyStep to;
    to.kind = JourneyStep::Kind::to;
    to.target = "w" + std::to_string(q);  // the mirror of this quadrant's centre
    JourneyStep out;
    pop.journey = {to, out};
    s.populations.push_back(pop);
  }
  return s;
}

}  // namespace stroom::bench
