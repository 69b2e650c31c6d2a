#include "runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <span>

#include "stroom/displacement_speed.hpp"
#include "stroom/geometry.hpp"
#include "stroom/simulation.hpp"
#include "stroom/voronoi.hpp"

namespace stroom::verify {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// m/s: a person faster than this is moving (walking starts, speed samples).
constexpr double kMovingSpeed = 0.05;
/// m/s: a person faster than this during pre-movement has moved too early.
constexpr double kStillSpeed = 0.01;
/// m: persons this far outside the measurement area's box still shape the cells inside it.
constexpr double kVoronoiMargin = 4.0;

template <class T>
void grow(std::vector<T>& v, std::size_t index, T fill) {
  if (v.size() <= index) v.resize(index + 1, fill);
}

}  // namespace

double polygon_area(const Polygon& polygon) {
  double twice = 0.0;
  for (std::size_t i = 0; i < polygon.size(); ++i) {
    const Vec2 a = polygon[i], b = polygon[(i + 1) % polygon.size()];
    twice += a.x * b.y - b.x * a.y;
  }
  return std::abs(0.5 * twice);
}

RunRecord run_simulation(const RunSpec& spec) {
  const auto started = std::chrono::steady_clock::now();
  const Scenario scenario = load_scenario(spec.file, spec.overrides);
  Simulation sim(scenario, SimulationOptions{.threads = 1});
  const Venue& venue = sim.venue();

  RunRecord rec;
  rec.scenario_name = scenario.name;
  for (const ExitDesc& e : scenario.venue.exits)
    rec.exit_names.push_back(e.name);
  for (const LineDesc& l : scenario.venue.lines)
    rec.line_names.push_back(l.name);
  for (const PopulationDesc& p : scenario.populations)
    rec.population_names.push_back(p.name);
  rec.exit_times.resize(rec.exit_names.size());
  rec.line_times.resize(rec.line_names.size());

  // The Voronoi measurement area: the zone named `measurement`, when a window is asked for.
  const Polygon* area = nullptr;
  Bounds box{};
  if (spec.voronoi_from) {
    for (const ZoneDesc& z : scenario.venue.zones)
      if (z.name == "measurement") area = &z.polygon;
    if (area == nullptr)
      throw SimulationError("verification scenario '" + spec.file +
                            "' has no zone named 'measurement'");
    box = Bounds{(*area)[0], (*area)[0]};
    for (const Vec2 p : *area) {
      box.min.x = std::min(box.min.x, p.x), box.min.y = std::min(box.min.y, p.y);
      box.max.x = std::max(box.max.x, p.x), box.max.y = std::max(box.max.y, p.y);
    }
  }
  double next_voronoi = spec.voronoi_from.value_or(0.0);
  std::vector<Vec2> pos, vel;
  // Speeds from displacement: each Voronoi sample is taken at the frame Δ steps back, once
  // the frame Δ steps after it is known.
  const int delta = static_cast<int>(std::lround(spec.speed_half_window / scenario.step));
  std::optional<DisplacementVelocity> displacement;
  if (area != nullptr && delta > 0) displacement.emplace(delta);
  auto sample_voronoi = [&](double time, std::span<const Vec2> positions,
                            std::span<const Vec2> velocities) {
    next_voronoi += spec.voronoi_interval;
    pos.clear(), vel.clear();
    for (std::size_t k = 0; k < positions.size(); ++k) {
      const Vec2 p = positions[k];
      if (p.x < box.min.x - kVoronoiMargin || p.x > box.max.x + kVoronoiMargin ||
          p.y < box.min.y - kVoronoiMargin || p.y > box.max.y + kVoronoiMargin)
        continue;
      pos.push_back(p);
      vel.push_back(velocities[k]);
    }
    const VoronoiResult v = voronoi_density_speed(pos, vel, *area, venue.walkable());
    rec.voronoi_time.push_back(time);
    rec.voronoi_density.push_back(v.density);
    rec.voronoi_speed.push_back(v.speed);
  };
  std::vector<Vec2> step_pos, step_vel;

  while (!sim.done()) {
    sim.step();
    const StepView view = sim.view();
    const std::span<const Activity> activity = sim.activity();

    for (const Crossing& c : view.crossings) {
      const auto element = static_cast<std::size_t>(c.element);
      if (c.kind == CrossingKind::exit) {
        rec.exit_times[element].push_back(c.time);
        const auto id = static_cast<std::size_t>(c.person);
        grow(rec.exit_of, id, -1);
        grow(rec.exit_time_of, id, kNaN);
        rec.exit_of[id] = c.element;
        rec.exit_time_of[id] = c.time;
      } else if (c.kind == CrossingKind::line) {
        rec.line_times[element].push_back(c.time);
      }
    }

    const std::size_t n = view.ids.size();
    for (std::size_t k = 0; k < n; ++k) {
      const auto id = static_cast<std::size_t>(view.ids[k]);
      grow(rec.population_of, id, -1);
      rec.population_of[id] = view.population[k];
      ++rec.positions_checked;
      if (!venue.contains(Vec2{view.x[k], view.y[k]})) ++rec.positions_outside;
      if (!spec.track_people) continue;
      grow(rec.premovement_end, id, kNaN);
      grow(rec.first_move, id, kNaN);
      grow(rec.speed_samples, id, {});
      const double speed = std::hypot(view.vx[k], view.vy[k]);
      const bool waiting = activity[k] == Activity::premovement;
      if (waiting && speed > kStillSpeed) ++rec.moved_during_premovement;
      if (!waiting && std::isnan(rec.premovement_end[id])) rec.premovement_end[id] = view.time;
      if (speed > kMovingSpeed) {
        if (std::isnan(rec.first_move[id])) rec.first_move[id] = view.time;
        rec.speed_samples[id].push_back(static_cast<float>(speed));
      }
    }

    const double until = spec.voronoi_until.value_or(std::numeric_limits<double>::infinity());
    if (displacement) {
      displacement->add_frame(view.time, view.ids, view.x, view.y);
      const std::optional<double> t = displacement->centre_time();
      if (t && *t + 1e-9 >= next_voronoi && *t <= until) {
        const DisplacementVelocity::Sample c = *displacement->centre();
        sample_voronoi(c.time, c.positions, c.velocities);
      }
    } else if (area != nullptr && view.time + 1e-9 >= next_voronoi && view.time <= until) {
      step_pos.clear(), step_vel.clear();
      for (std::size_t k = 0; k < n; ++k) {
        step_pos.push_back(Vec2{view.x[k], view.y[k]});
        step_vel.push_back(Vec2{view.vx[k], view.vy[k]});
      }
      sample_voronoi(view.time, step_pos, step_vel);
    }
  }

  for (auto& times : rec.exit_times)
    std::sort(times.begin(), times.end());
  for (auto& times : rec.line_times)
    std::sort(times.begin(), times.end());
  rec.end_time = sim.time();
  rec.spawned = sim.spawned();
  rec.exited = sim.exited();
  rec.inside = sim.inside();
  rec.completed =
      sim.inside() == 0 && sim.waiting_to_enter() == 0 && sim.time() < scenario.duration;
  rec.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return rec;
}

}  // namespace stroom::verify
