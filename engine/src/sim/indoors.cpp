// System: indoors. A zone marked `indoor` stands for buildings or gardens that the venue does
// not model as floor (a pavilion, the garden plots of an expo): a person who begins a stay in
// it goes in where they walked into the zone and is off the floor until the stay ends (or
// their visits end, or the alarm sounds); then they come out at that point, or beside it when
// someone stands there (way_out()). Off the floor they are in no neighbour grid, model, density or
// trajectory frame, but inside the venue and in the zone's occupancy (docs/scenario-format.md,
// `indoor`). Serial, before the neighbour grid is built: persons come out in the order they went
// in, and go in in descending slot order, so the result does not depend on the threads.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "geometry/polygon.hpp"
#include "sim/systems.hpp"
#include "sim/visits.hpp"

namespace stroom::sim {

namespace {

/// When person s, who goes in now, comes out: at the end of the stay, or when the visits of
/// their `visit` step end (`until`), whichever comes first.
double release_time(const Context& ctx, const World& w, std::int32_t s) {
  const People& people = w.people;
  double release = people.timer[s];
  const auto& journey = ctx.journeys[static_cast<std::size_t>(people.population[s])];
  const auto stage = static_cast<std::size_t>(people.stage[s]);
  if (stage < journey.size() && journey[stage].kind == Stage::Kind::visit) {
    const Visit& v = ctx.visits[static_cast<std::size_t>(journey[stage].visit)];
    if (v.until) {
      RandomStream rng = visit_stream(ctx, w, s, v, RandomPurpose::departure);
      release = std::min(release, v.until->sample(rng));
    }
  }
  return release;
}

/// Where a person who went in at `door` comes out: the door itself when nobody stands on it,
/// else the first free place on rings of 2 and 4 body radii around it that lies in the zone,
/// on walkable ground clear of walls and in sight of the door (others who went in beside them
/// may stand there). nullopt while all are taken.
std::optional<Vec2> way_out(const Context& ctx, const World& w, Vec2 door, double r, int zone,
                            const std::vector<std::int32_t>& fresh) {
  if (spot_free(w, door, r, r + 1.0, fresh)) return door;
  const Polygon& poly = ctx.scenario.venue.zones[static_cast<std::size_t>(zone)].polygon;
  for (const auto& [ring, places] : {std::pair{2.0, 8}, std::pair{4.0, 12}}) {
    for (int k = 0; k < places; ++k) {
      const double angle = 2.0 * std::numbers::pi * k / places;
      const Vec2 q = door + Vec2{std::cos(angle), std::sin(angle)} * (ring * r);
      if (geometry::polygon_contains(poly, q) && ctx.venue.contains(q) &&
          wall_clearance(w, q) > r && ctx.venue.line_of_sight(door, q, w.blocking) &&
          spot_free(w, q, r, r + 1.0, fresh))
        return q;
    }
  }
  return std::nullopt;
}

}  // namespace

void go_indoors_and_out(const Context& ctx, World& w) {
  Indoors& in = w.indoors;
  if (in.by_zone.empty()) return;  // no indoor zone in the venue
  People& people = w.people;
  // Out first: onto the floor of the grid as last built, beside whoever entered this step
  // (spawning appended them at the end).
  if (!in.release.empty()) {
    std::vector<std::int32_t> fresh;
    for (std::int32_t s = people.size() - static_cast<std::int32_t>(w.spawned_ids.size());
         s < people.size(); ++s)
      fresh.push_back(s);
    const bool alarm = w.alarm_time >= 0.0;
    std::size_t kept = 0;
    for (std::size_t k = 0; k < in.release.size(); ++k) {
      const auto i = static_cast<std::int32_t>(k);
      const Vec2 door{in.people.goal_x[k], in.people.goal_y[k]};
      const double r = in.people.radius[k];
      const bool due = alarm || w.now + 1e-9 >= in.release[k];
      if (const auto out = due ? way_out(ctx, w, door, r, in.zone[k], fresh) : std::nullopt) {
        const std::int32_t s = people.append_copy(in.people, i);
        w.slot_of[static_cast<std::size_t>(people.id[s])] = s;
        people.x[s] = people.next_x[s] = out->x, people.y[s] = people.next_y[s] = out->y;
        people.goal_x[s] = out->x, people.goal_y[s] = out->y;
        people.vx[s] = people.vy[s] = 0.0, people.v0[s] = 0.0;
        people.indoor[s] = 0;
        // The stay is over (or cut short): the journey goes on from here.
        people.timer[s] = std::min(people.timer[s], w.now);
        if (alarm && !people.evacuating[s]) start_evacuating(ctx, w, s);
        --in.by_zone[static_cast<std::size_t>(in.zone[k])];
        fresh.push_back(s);
        continue;
      }
      if (kept != k) {
        People::zip_arrays([&](auto& v) { v[kept] = v[k]; }, in.people);
        in.release[kept] = in.release[k];
        in.zone[kept] = in.zone[k];
      }
      ++kept;
    }
    People::zip_arrays([&](auto& v) { v.resize(kept); }, in.people);
    in.release.resize(kept);
    in.zone.resize(kept);
  }
  // In: whoever began an indoor stay last step.
  for (std::int32_t s = people.size() - 1; s >= 0; --s) {
    if (!people.indoor[s]) continue;
    if (people.evacuating[s]) {  // the alarm came first: they leave from where they stand
      people.indoor[s] = 0;
      continue;
    }
    const int zone = people.indoor[s] - 1;
    in.release.push_back(release_time(ctx, w, s));
    in.zone.push_back(zone);
    ++in.by_zone[static_cast<std::size_t>(zone)];
    in.people.append_copy(people, s);
    remove_person(w, s);
  }
}

}  // namespace stroom::sim
