#include "runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>

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

/// The Voronoi samples of the zone `measurement` that a RunSpec asks for, from a run's frames
/// one after the other: every voronoi_interval between voronoi_from and voronoi_until, with
/// each person's velocity from displacement over ±speed_half_window (rounded to whole frames)
/// or, with 0, the frame's own velocity. One procedure for a simulation and for measured
/// trajectories, so both are measured alike.
class VoronoiSampler {
 public:
  /// `frame_step`: s between the frames that will be added.
  VoronoiSampler(const RunSpec& spec, const Scenario& scenario,
                 const std::vector<PolygonWithHoles>& walkable, double frame_step)
      : spec_(spec), walkable_(walkable), next_(spec.voronoi_from.value_or(0.0)) {
    if (!spec.voronoi_from) return;
    for (const ZoneDesc& z : scenario.venue.zones)
      if (z.name == "measurement") area_ = &z.polygon;
    if (area_ == nullptr)
      throw SimulationError("verification scenario '" + spec.file +
                            "' has no zone named 'measurement'");
    box_ = Bounds{(*area_)[0], (*area_)[0]};
    for (const Vec2 p : *area_) {
      box_.min.x = std::min(box_.min.x, p.x), box_.min.y = std::min(box_.min.y, p.y);
      box_.max.x = std::max(box_.max.x, p.x), box_.max.y = std::max(box_.max.y, p.y);
    }
    const int delta = static_cast<int>(std::lround(spec.speed_half_window / frame_step));
    if (delta > 0) displacement_.emplace(delta);
  }

  /// The next frame (times increasing); vx, vy are read only without displacement.
  void add_frame(double time, std::span<const PersonId> ids, std::span<const double> x,
                 std::span<const double> y, std::span<const double> vx, std::span<const double> vy,
                 RunRecord& rec) {
    if (area_ == nullptr) return;
    const double until = spec_.voronoi_until.value_or(std::numeric_limits<double>::infinity());
    if (displacement_) {
      // Each sample is taken at the frame Δ frames back, once the frame Δ after it is known.
      displacement_->add_frame(time, ids, x, y);
      const std::optional<double> t = displacement_->centre_time();
      if (t && *t + 1e-9 >= next_ && *t <= until) {
        const DisplacementVelocity::Sample c = *displacement_->centre();
        sample(c.time, c.positions, c.velocities, rec);
      }
    } else if (time + 1e-9 >= next_ && time <= until) {
      frame_pos_.clear(), frame_vel_.clear();
      for (std::size_t k = 0; k < x.size(); ++k) {
        frame_pos_.push_back(Vec2{x[k], y[k]});
        frame_vel_.push_back(Vec2{vx[k], vy[k]});
      }
      sample(time, frame_pos_, frame_vel_, rec);
    }
  }

 private:
  void sample(double time, std::span<const Vec2> positions, std::span<const Vec2> velocities,
              RunRecord& rec) {
    // The next sample at the next point of the grid voronoi_from + k·interval, whatever frame
    // this one fell on: a measured run and a simulation are sampled at the same times.
    const double from = spec_.voronoi_from.value_or(0.0), interval = spec_.voronoi_interval;
    next_ = from + (std::floor((time - from) / interval + 1e-9) + 1.0) * interval;
    pos_.clear(), vel_.clear();
    for (std::size_t k = 0; k < positions.size(); ++k) {
      const Vec2 p = positions[k];
      if (p.x < box_.min.x - kVoronoiMargin || p.x > box_.max.x + kVoronoiMargin ||
          p.y < box_.min.y - kVoronoiMargin || p.y > box_.max.y + kVoronoiMargin)
        continue;
      pos_.push_back(p);
      vel_.push_back(velocities[k]);
    }
    const VoronoiResult v = voronoi_density_speed(pos_, vel_, *area_, walkable_);
    rec.voronoi_time.push_back(time);
    rec.voronoi_density.push_back(v.density);
    rec.voronoi_speed.push_back(v.speed);
  }

  const RunSpec& spec_;
  const std::vector<PolygonWithHoles>& walkable_;
  const Polygon* area_ = nullptr;
  Bounds box_{};
  double next_;
  std::optional<DisplacementVelocity> displacement_;
  std::vector<Vec2> pos_, vel_, frame_pos_, frame_vel_;
};

/// True when the move p → q crosses segment s (ends included on the side q reaches); the
/// share of the move at which it does in `at`.
bool move_crosses_line(const Segment& s, Vec2 p, Vec2 q, double& at) {
  const Vec2 d = q - p, e = s.b - s.a;
  const double denom = d.x * e.y - d.y * e.x;
  if (denom == 0.0) return false;
  const Vec2 w = s.a - p;
  const double t = (w.x * e.y - w.y * e.x) / denom;  // along the move
  const double u = (w.x * d.y - w.y * d.x) / denom;  // along the line
  if (t <= 0.0 || t > 1.0 || u < 0.0 || u > 1.0) return false;
  at = t;
  return true;
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

  VoronoiSampler voronoi(spec, scenario, venue.walkable(), scenario.step);

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

    voronoi.add_frame(view.time, view.ids, view.x, view.y, view.vx, view.vy, rec);
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

RunRecord measure_trajectories(const RunSpec& spec, const std::string& path,
                               double frames_per_second) {
  const Scenario scenario = load_scenario(spec.file, spec.overrides);
  const Simulation geometry(scenario, SimulationOptions{.threads = 1});  // the venue, not run
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the measured trajectories");
  // person → (frame, position), in the file's order; frame → persons present.
  std::map<std::int64_t, std::vector<std::pair<PersonId, Vec2>>> frames;
  std::map<PersonId, std::vector<std::pair<std::int64_t, Vec2>>> tracks;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    PersonId id = 0;
    std::int64_t frame = 0;
    Vec2 p;
    if (!(fields >> id >> frame >> p.x >> p.y))
      throw std::runtime_error(path + ":" + std::to_string(number) +
                               ": expected 'person frame x y [z]'");
    frames[frame].emplace_back(id, p);
    tracks[id].emplace_back(frame, p);
  }
  RunRecord rec;
  rec.scenario_name = scenario.name + " (measured)";
  for (const LineDesc& l : scenario.venue.lines)
    rec.line_names.push_back(l.name);
  rec.line_times.resize(rec.line_names.size());
  if (frames.empty()) return rec;

  const double step = 1.0 / frames_per_second;
  VoronoiSampler voronoi(spec, scenario, geometry.venue().walkable(), step);
  std::vector<PersonId> ids;
  std::vector<double> x, y;
  const std::vector<double> none;
  // Every frame from the first to the last, empty ones too, so that ±Δ frames is ±Δ·step.
  for (std::int64_t f = frames.begin()->first; f <= frames.rbegin()->first; ++f) {
    ids.clear(), x.clear(), y.clear();
    if (const auto it = frames.find(f); it != frames.end()) {
      std::vector<std::pair<PersonId, Vec2>> people = it->second;
      std::sort(people.begin(), people.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [id, p] : people)
        ids.push_back(id), x.push_back(p.x), y.push_back(p.y);
    }
    voronoi.add_frame(static_cast<double>(f) * step, ids, x, y, none, none, rec);
  }
  for (auto& [id, track] : tracks) {
    std::sort(track.begin(), track.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t k = 1; k < track.size(); ++k)
      for (std::size_t l = 0; l < scenario.venue.lines.size(); ++l) {
        double at = 0.0;
        if (move_crosses_line(scenario.venue.lines[l].line, track[k - 1].second, track[k].second,
                              at))
          rec.line_times[l].push_back(
              (static_cast<double>(track[k - 1].first) +
               at * static_cast<double>(track[k].first - track[k - 1].first)) *
              step);
      }
  }
  for (auto& times : rec.line_times)
    std::sort(times.begin(), times.end());
  rec.spawned = static_cast<std::int64_t>(tracks.size());
  rec.end_time = static_cast<double>(frames.rbegin()->first) * step;
  return rec;
}

}  // namespace stroom::verify
