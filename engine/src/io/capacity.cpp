// The static capacity calculation of `stroom capacity`. See stroom/io/capacity.hpp.
#include "stroom/io/capacity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "stroom/navigation.hpp"
#include "stroom/profiles.hpp"

namespace stroom {

// [SECTION] Norms

namespace {

constexpr double kGreenGuideLevel = 82.0 / 60.0;  // P/(m·s)
const char* const kGreenGuideSource =
    "Green Guide level exit, 82 P/(m·min) (the Bouwbesluit 2012 sets no rate)";
// Bbl art. 4.81: the threatened floor is left within 3.5 minutes (time-step method).
constexpr double kBblFloorTime = 210.0;

const std::array<ExitNorm, 9>& exit_norm_table() {
  static const std::array<ExitNorm, 9> table = {{
      {"bbl-90",
       "Bbl art. 4.80 (in force since 1 January 2024): 90 persons per metre of clear width per "
       "minute (room; double door opening less than 135°); floor left within 3.5 min "
       "(art. 4.81)",
       90.0, 90.0 / 60.0, "Bbl art. 4.80, 90 P/(m·min)", kBblFloorTime, false},
      {"bbl-110",
       "Bbl art. 4.80 (in force since 1 January 2024): 110 persons per metre of clear width per "
       "minute (single door opening less than 135°); floor left within 3.5 min (art. 4.81)",
       110.0, 110.0 / 60.0, "Bbl art. 4.80, 110 P/(m·min)", kBblFloorTime, false},
      {"bbl-135",
       "Bbl art. 4.80 (in force since 1 January 2024): 135 persons per metre of clear width per "
       "minute (other passage); floor left within 3.5 min (art. 4.81)",
       135.0, 135.0 / 60.0, "Bbl art. 4.80, 135 P/(m·min)", kBblFloorTime, false},
      {"open-air",
       "Fire safety risk assessment, open-air events and venues (HM Government, 2007): 109 "
       "persons per metre per minute; escape time 5 min (high risk) to 10 min (low risk)",
       std::nullopt, 109.0 / 60.0, "open-air events, 109 P/(m·min)", 300.0, false},
      {"green-guide",
       "Guide to Safety at Sports Grounds (Green Guide, SGSA): 82 persons per metre "
       "per minute through a level exit; normal maximum egress time 8 min",
       std::nullopt, kGreenGuideLevel, "Green Guide level exit, 82 P/(m·min)", 480.0, false},
      {"imo",
       "IMO MSC.1/Circ.1238 (2007), evacuation analysis for passenger ships: specific flow 1.33 "
       "persons per metre per second through doors and corridors",
       std::nullopt, 1.33, "IMO MSC.1/Circ.1238, 1.33 P/(m·s)", std::nullopt, false},
      {"bouwbesluit2012-90",
       "Bouwbesluit 2012 art. 2.108 (lapsed 1 January 2024; for plans dated before): 90 persons "
       "per metre of clear width (room, stair up to 1 m, double door)",
       90.0, kGreenGuideLevel, kGreenGuideSource, std::nullopt, true},
      {"bouwbesluit2012-110",
       "Bouwbesluit 2012 art. 2.108 (lapsed 1 January 2024; for plans dated before): 110 persons "
       "per metre of clear width (single door)",
       110.0, kGreenGuideLevel, kGreenGuideSource, std::nullopt, true},
      {"bouwbesluit2012-135",
       "Bouwbesluit 2012 art. 2.108 (lapsed 1 January 2024; for plans dated before): 135 persons "
       "per metre of clear width (other passage)",
       135.0, kGreenGuideLevel, kGreenGuideSource, std::nullopt, true},
  }};
  return table;
}

const std::array<DensityNorm, 6>& density_norm_table() {
  static const std::array<DensityNorm, 6> table = {{
      {"bbl-gathering",
       "Bbl (in force since 1 January 2024): at most 2 persons per m² in a gathering of more than "
       "200 persons who cannot all leave within 3.5 min; otherwise 4 persons per m² of floor",
       2.0, 200.0, kBblFloorTime, 4.0},
      {"nen8020-41",
       "NEN 8020-41 (tents and temporary structures, made binding by the BGBOP, Stb. 2017, 373, "
       "art. 5.15): at most 4 persons per m²",
       4.0, std::nullopt, std::nullopt, 0.0},
      {"nl-event",
       "Dutch event practice (Kenniscentrum Evenementenveiligheid): at most 2 to 2.5 persons per "
       "m² on average",
       2.5, std::nullopt, std::nullopt, 0.0},
      {"uk-open-air",
       "UK Emergency Planning College, open-air crowds: 2 persons per m² for holding", 2.0,
       std::nullopt, std::nullopt, 0.0},
      {"hsg195-moving", "HSG195 Event Safety Guide: 4 persons per m² for a moving crowd", 4.0,
       std::nullopt, std::nullopt, 0.0},
      {"hsg195-standing", "HSG195 Event Safety Guide: 4.7 persons per m² standing still", 4.7,
       std::nullopt, std::nullopt, 0.0},
  }};
  return table;
}

/// Names used before the norms were renamed for the Bbl, still accepted.
const char* renamed_exit_norm(const std::string& name) {
  if (name == "bouwbesluit-90") return "bouwbesluit2012-90";
  if (name == "bouwbesluit-110") return "bouwbesluit2012-110";
  if (name == "bouwbesluit-135") return "bouwbesluit2012-135";
  return nullptr;
}

}  // namespace

std::span<const ExitNorm> exit_norms() {
  return exit_norm_table();
}
std::span<const DensityNorm> density_norms() {
  return density_norm_table();
}

const ExitNorm* find_exit_norm(const std::string& name) {
  const char* renamed = renamed_exit_norm(name);
  const std::string& wanted = renamed ? std::string(renamed) : name;
  for (const ExitNorm& n : exit_norm_table())
    if (n.name == wanted) return &n;
  return nullptr;
}

const DensityNorm* find_density_norm(const std::string& name) {
  for (const DensityNorm& n : density_norm_table())
    if (n.name == name) return &n;
  return nullptr;
}

const char* setting_name(VenueSetting setting) {
  switch (setting) {
    case VenueSetting::building:
      return "building";
    case VenueSetting::tent:
      return "tent";
    case VenueSetting::open_air:
      return "open-air";
  }
  return "building";
}

DefaultNorms default_norms(VenueSetting setting) {
  switch (setting) {
    case VenueSetting::open_air:
      return {"open-air", "nl-event",
              "venue.setting is open-air: the Bbl's building rules do not govern a fenced "
              "open-air site, so the open-air events guidance sets the exit flow and Dutch event "
              "practice the density"};
    case VenueSetting::tent:
      return {"bbl-90", "nen8020-41",
              "venue.setting is tent: a tent is a structure under the Bbl (exits), and NEN 8020-41 "
              "sets its density"};
    case VenueSetting::building:
      break;
  }
  return {"bbl-90", "bbl-gathering",
          "venue.setting is building (the default when the scenario does not say): the Bbl "
          "applies"};
}

// [SECTION] Hand formulas

std::optional<double> egress_time_estimate(double persons, double exit_width, double specific_flow,
                                           double walking_distance, double speed) {
  if (exit_width <= 0.0 || specific_flow <= 0.0) return std::nullopt;
  const double walking = speed > 0.0 ? walking_distance / speed : 0.0;
  return persons / (exit_width * specific_flow) + walking;
}

double expected_persons(const PopulationDesc& population, double duration) {
  if (population.count) return static_cast<double>(*population.count);
  if (!population.arrive) return 0.0;
  const ArrivalDesc& a = *population.arrive;
  // Trapezoids of the piecewise linear rate, clipped to [0, duration].
  double integral = 0.0;
  for (std::size_t k = 0; k + 1 < a.rate.size(); ++k) {
    const RatePoint p = a.rate[k], q = a.rate[k + 1];
    const double t0 = std::max(p.time, 0.0), t1 = std::min(q.time, duration);
    if (t1 <= t0 || q.time <= p.time) continue;
    const auto rate_at = [&](double t) {
      return p.rate + (q.rate - p.rate) * (t - p.time) / (q.time - p.time);
    };
    integral += 0.5 * (rate_at(t0) + rate_at(t1)) * (t1 - t0);
  }
  if (a.total) integral = std::min(integral, static_cast<double>(*a.total));
  return integral;
}

std::optional<double> flow_time(std::span<const FlowGroup> groups,
                                std::span<const double> exit_flow) {
  // Distinct exit sets (as bit masks over the exits they name) with their persons.
  std::vector<std::vector<bool>> sets;
  std::vector<double> persons;
  for (const FlowGroup& g : groups) {
    if (g.persons <= 0.0) continue;
    std::vector<bool> set(exit_flow.size(), false);
    double flow = 0.0;
    for (int e : g.exits) {
      if (!set[static_cast<std::size_t>(e)]) flow += exit_flow[static_cast<std::size_t>(e)];
      set[static_cast<std::size_t>(e)] = true;
    }
    if (flow <= 0.0) return std::nullopt;
    const auto same = std::find(sets.begin(), sets.end(), set);
    if (same == sets.end()) {
      sets.push_back(std::move(set));
      persons.push_back(g.persons);
    } else {
      persons[static_cast<std::size_t>(same - sets.begin())] += g.persons;
    }
  }
  if (sets.empty()) return 0.0;
  const auto bound = [&](const std::vector<bool>& uni) {
    double n = 0.0, flow = 0.0;
    for (std::size_t k = 0; k < sets.size(); ++k) {
      bool inside = true;
      for (std::size_t e = 0; e < uni.size() && inside; ++e)
        inside = !sets[k][e] || uni[e];
      if (inside) n += persons[k];
    }
    for (std::size_t e = 0; e < uni.size(); ++e)
      if (uni[e]) flow += exit_flow[e];
    return n / flow;
  };
  double worst = 0.0;
  const auto try_union = [&](const std::vector<std::size_t>& members) {
    std::vector<bool> uni(exit_flow.size(), false);
    for (std::size_t k : members)
      for (std::size_t e = 0; e < uni.size(); ++e)
        uni[e] = uni[e] || sets[k][e];
    worst = std::max(worst, bound(uni));
  };
  if (sets.size() <= 16) {
    for (std::uint32_t mask = 1; mask < (1u << sets.size()); ++mask) {
      std::vector<std::size_t> members;
      for (std::size_t k = 0; k < sets.size(); ++k)
        if (mask & (1u << k)) members.push_back(k);
      try_union(members);
    }
  } else {
    std::vector<std::size_t> all;
    for (std::size_t k = 0; k < sets.size(); ++k) {
      try_union({k});
      all.push_back(k);
    }
    try_union(all);
  }
  return worst;
}

// [SECTION] Geometry helpers

namespace {

bool inside_polygon(const Polygon& poly, Vec2 p) {
  bool in = false;
  for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    const Vec2 a = poly[i], b = poly[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
  }
  return in;
}

/// Walkable sample points of an area (or of the whole venue when `area` is null): grid points
/// (cell centres) inside it, and its corners nudged 1 cm towards its centroid.
std::vector<Vec2> sample_points(const Venue& venue, const Polygon* area, double cell) {
  std::vector<Vec2> out;
  const Bounds vb = venue.bounds();
  Bounds b = vb;
  if (area) {
    b.min = b.max = (*area)[0];
    for (Vec2 p : *area) {
      b.min = {std::min(b.min.x, p.x), std::min(b.min.y, p.y)};
      b.max = {std::max(b.max.x, p.x), std::max(b.max.y, p.y)};
    }
    b.min = {std::max(b.min.x, vb.min.x), std::max(b.min.y, vb.min.y)};
    b.max = {std::min(b.max.x, vb.max.x), std::min(b.max.y, vb.max.y)};
  }
  const auto consider = [&](Vec2 p) {
    if (venue.contains(p)) out.push_back(p);
  };
  const long nx = std::max(1L, std::lround(std::ceil(b.width() / cell)));
  const long ny = std::max(1L, std::lround(std::ceil(b.height() / cell)));
  for (long j = 0; j < ny; ++j) {
    for (long i = 0; i < nx; ++i) {
      const Vec2 p{b.min.x + (static_cast<double>(i) + 0.5) * cell,
                   b.min.y + (static_cast<double>(j) + 0.5) * cell};
      if (area && !inside_polygon(*area, p)) continue;
      consider(p);
    }
  }
  if (area) {
    Vec2 c{};
    for (Vec2 p : *area)
      c += p;
    c = c / static_cast<double>(area->size());
    for (Vec2 p : *area)
      consider(p + normalized(c - p) * 0.01);
  }
  return out;
}

/// Longest walking distance from the samples to a target, over the reachable ones.
struct FarthestPoint {
  double distance = 0.0;  ///< m
  int samples = 0;
  int unreachable = 0;
};

FarthestPoint farthest(const Navigation& nav, TargetId target, std::span<const Vec2> samples) {
  FarthestPoint out;
  for (Vec2 p : samples) {
    ++out.samples;
    const double d = nav.distance(target, p);
    if (!std::isfinite(d)) {
      ++out.unreachable;
      continue;
    }
    out.distance = std::max(out.distance, d);
  }
  return out;
}

// Numbers in the texts of the report, with the decimal separator of the current language
// (compute_capacity() sets it from CapacityOptions::lang).
std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  std::string s = buf;
  if (current_lang() == Lang::nl) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string format_fixed(double v, int decimals) {
  return display_number(v, decimals);
}

/// Open/closed state of every exit, door and checkpoint at a time, after the events up to and
/// including it (events are sorted by time); closed_at holds when each closed.
struct ElementState {
  std::vector<std::optional<double>> exit_closed_at;
  std::vector<bool> door_open;
  std::vector<std::optional<double>> checkpoint_closed_at;
  std::vector<std::optional<double>> exit_closes_later;
};

ElementState state_at(const Scenario& scenario, double time) {
  const VenueDesc& vd = scenario.venue;
  ElementState st;
  st.exit_closed_at.assign(vd.exits.size(), std::nullopt);
  st.exit_closes_later.assign(vd.exits.size(), std::nullopt);
  st.checkpoint_closed_at.assign(vd.checkpoints.size(), std::nullopt);
  for (const DoorDesc& d : vd.doors)
    st.door_open.push_back(d.open);
  for (const EventDesc& ev : scenario.events) {
    if (ev.kind == EventDesc::Kind::evacuate) continue;
    const bool close = ev.kind == EventDesc::Kind::close;
    for (std::size_t e = 0; e < vd.exits.size(); ++e) {
      if (vd.exits[e].name != ev.target) continue;
      if (ev.at <= time)
        st.exit_closed_at[e] = close ? std::optional(ev.at) : std::nullopt;
      else if (close && !st.exit_closed_at[e] && !st.exit_closes_later[e])
        st.exit_closes_later[e] = ev.at;
    }
    if (ev.at > time) continue;
    for (std::size_t d = 0; d < vd.doors.size(); ++d)
      if (vd.doors[d].name == ev.target) st.door_open[d] = !close;
    for (std::size_t c = 0; c < vd.checkpoints.size(); ++c)
      if (vd.checkpoints[c].name == ev.target)
        st.checkpoint_closed_at[c] = close ? std::optional(ev.at) : std::nullopt;
  }
  return st;
}

/// Persons per second a checkpoint serves: lanes / mean service time (unlimited when the
/// service takes no time).
std::optional<double> service_rate(const CheckpointDesc& c) {
  const double mean = c.service.expected();
  if (mean <= 0.0) return std::nullopt;
  return static_cast<double>(c.lanes) / mean;
}

/// What one population can use.
struct PopulationUse {
  std::string name;
  double persons = 0.0;
  double speed = 0.0;       ///< m/s, expected desired speed
  int zone = -1;            ///< index into venue.zones, or -1 for an inline polygon
  std::size_t area = 0;     ///< index into the start areas
  std::vector<int> route;   ///< exits allowed by the route list
  std::vector<int> usable;  ///< exits it can actually use
};

}  // namespace

// [SECTION] The calculation

namespace {

void add_unique(std::vector<int>& to, const std::vector<int>& from) {
  for (int e : from)
    if (std::find(to.begin(), to.end(), e) == to.end()) to.push_back(e);
  std::sort(to.begin(), to.end());
}

bool same_params(const NavigationParams& a, const NavigationParams& b) {
  return a.cell == b.cell && a.wall_penalty_range == b.wall_penalty_range &&
         a.wall_penalty == b.wall_penalty && a.max_cells == b.max_cells;
}

/// The calculation's working state: the scenario, its element state at the alarm, which part
/// of the walkable area each start area, exit and checkpoint touches, and the walking-distance
/// fields.
///
/// Reachability: the walkable area with every checkpoint a wall (and doors as at the alarm)
/// falls into connected parts; each checkpoint joins the parts on its two sides. An exit is
/// reached directly when it touches a part of the start area, through checkpoints when a chain
/// of checkpoint joins leads there, and a checkpoint gates it when no chain avoids that
/// checkpoint.
class CapacityCalculation {
 public:
  CapacityCalculation(const Scenario& scenario, const Venue& venue, const CapacityOptions& options)
      : scenario_(scenario),
        venue_(venue),
        vd_(scenario.venue),
        nav_walk_(venue),
        fields_(options.fields != nullptr && &options.fields->venue() == &venue &&
                        same_params(options.fields->params(), nav_walk_.params())
                    ? options.fields
                    : nullptr) {
    for (const EventDesc& ev : scenario.events) {
      if (ev.kind == EventDesc::Kind::evacuate) {
        alarm_ = ev.at;
        evacuate_ = &ev.evacuate;
        break;
      }
    }
    state_ = state_at(scenario, alarm_.value_or(0.0));

    // Walking: exits open (closed ones are no target anyway), doors as at the alarm, open
    // checkpoints passable (served), closed ones walls. Parts: every checkpoint a wall.
    const std::vector<std::uint8_t> initial = venue.initial_blocking();
    walk_ = initial;
    std::vector<std::uint8_t> parts = initial;
    const auto& walls = venue.walls();
    for (std::size_t w = 0; w < walls.size(); ++w) {
      const Wall& wall = walls[w];
      const auto element = static_cast<std::size_t>(wall.element);
      if (wall.kind == WallKind::exit) walk_[w] = parts[w] = 0;
      if (wall.kind == WallKind::door) walk_[w] = parts[w] = state_.door_open[element] ? 0 : 1;
      if (wall.kind == WallKind::checkpoint) {
        walk_[w] = state_.checkpoint_closed_at[element] ? 1 : 0;
        parts[w] = 1;
      }
    }
    nav_walk_.on_blocking_changed(initial, walk_);
    parts_.emplace(venue, std::move(parts));

    const Bounds b = venue.bounds();
    const double auto_cell = std::sqrt(std::max(b.width() * b.height(), 0.0) / 250000.0);
    cell_ = options.grid_cell > 0.0 ? options.grid_cell : std::max(nav_walk_.cell(), auto_cell);
  }

  double cell() const { return cell_; }
  std::optional<double> alarm() const { return alarm_; }

  /// Start areas and populations, with the exits each can use; fills `exits` (the venue's
  /// exits with their flow under `specific_flow`).
  void resolve(double specific_flow, std::vector<ExitUse>& exits) {
    const std::size_t n_exits = vd_.exits.size();
    for (const ZoneDesc& z : vd_.zones)
      add_area(z.polygon);
    for (const PopulationDesc& pop : scenario_.populations) {
      PopulationUse use;
      use.name = pop.name;
      use.persons = expected_persons(pop, scenario_.duration);
      use.speed = expected_speed(pop);
      const AreaRef& in = pop.count ? pop.in : pop.arrive ? pop.arrive->in : pop.in;
      for (std::size_t z = 0; z < vd_.zones.size(); ++z)
        if (!in.zone.empty() && vd_.zones[z].name == in.zone) use.zone = static_cast<int>(z);
      if (use.zone >= 0) {
        use.area = static_cast<std::size_t>(use.zone);
      } else {
        use.area = areas_.size();
        add_area(in.polygon);
      }
      use.route = route_of(pop);
      populations_.push_back(std::move(use));
    }
    for (const ExitDesc& e : vd_.exits)
      exit_parts_.push_back(parts_->of_line(e.line));
    for (const CheckpointDesc& c : vd_.checkpoints)
      checkpoint_parts_.push_back(parts_->of_line(c.line));

    exits.assign(n_exits, {});
    for (std::size_t e = 0; e < n_exits; ++e) {
      ExitUse& x = exits[e];
      x.name = vd_.exits[e].name;
      x.width = vd_.exits[e].line.length();
      x.closed_at = state_.exit_closed_at[e];
      x.closes_later = state_.exit_closes_later[e];
      if (vd_.exits[e].max_flow) x.max_flow_rate = *vd_.exits[e].max_flow * x.width;
    }

    // Usable exits per population, and what limits each exit.
    std::vector<bool> in_any_route(n_exits, false), reached(n_exits, false),
        reached_directly(n_exits, false), several_ways(n_exits, false);
    std::vector<int> no_checkpoint_closed;
    std::vector<int> closed_checkpoints;
    for (std::size_t c = 0; c < vd_.checkpoints.size(); ++c)
      if (state_.checkpoint_closed_at[c]) closed_checkpoints.push_back(static_cast<int>(c));
    // Every exit from every population's start area, so that the checkpoints before an exit
    // are named even where the route leaves the exit out.
    for (PopulationUse& pop : populations_) {
      const std::vector<int>& from = areas_[pop.area];
      for (std::size_t ue = 0; ue < n_exits; ++ue) {
        const int e = static_cast<int>(ue);
        const bool in_route = std::find(pop.route.begin(), pop.route.end(), e) != pop.route.end();
        if (in_route) in_any_route[ue] = true;
        const std::vector<int>& to = exit_parts_[ue];
        const bool direct = shares(from, to);
        const bool via = !direct && connected(from, to, no_checkpoint_closed);
        if (!direct && !via) continue;
        if (in_route) reached[ue] = true;
        if (direct) reached_directly[ue] = true;
        if (via) {
          bool any_gate = false;
          for (std::size_t c = 0; c < vd_.checkpoints.size(); ++c) {
            if (connected(from, to, {static_cast<int>(c)})) continue;
            any_gate = true;
            auto& gates = exits[ue].checkpoints;
            if (std::find(gates.begin(), gates.end(), vd_.checkpoints[c].name) == gates.end())
              gates.push_back(vd_.checkpoints[c].name);
          }
          if (!any_gate) several_ways[ue] = true;
        }
        const bool open_way = direct || connected(from, to, closed_checkpoints);
        if (in_route && !state_.exit_closed_at[ue] && open_way) pop.usable.push_back(e);
      }
    }

    for (std::size_t e = 0; e < n_exits; ++e) {
      ExitUse& x = exits[e];
      x.in_route = in_any_route[e];
      x.reachable = reached[e];
      // A checkpoint limits the exit only when nobody reaches it without one.
      if (!reached_directly[e] && !x.checkpoints.empty()) {
        double rate = std::numeric_limits<double>::infinity();
        for (const std::string& name : x.checkpoints)
          for (const CheckpointDesc& c : vd_.checkpoints)
            if (c.name == name) rate = std::min(rate, service_rate(c).value_or(rate));
        if (std::isfinite(rate)) x.checkpoint_rate = rate;
      }
      bool used = false;
      for (const PopulationUse& pop : populations_)
        used = used || std::find(pop.usable.begin(), pop.usable.end(), static_cast<int>(e)) !=
                           pop.usable.end();
      x.used = used;
      x.flow = x.width * specific_flow;
      if (x.checkpoint_rate) x.flow = std::min(x.flow, *x.checkpoint_rate);
      if (x.max_flow_rate) x.flow = std::min(x.flow, *x.max_flow_rate);
      if (!used) x.flow = 0.0;
      x.width_used = specific_flow > 0.0 ? x.flow / specific_flow : 0.0;
      describe(x, e, specific_flow, several_ways[e] && !reached_directly[e]);
    }
  }

  /// Walking distance from a start area to the nearest of a set of exits, over the area's
  /// samples (one field per distinct set, computed on demand).
  FarthestPoint walk(std::size_t area, std::vector<int> exits) {
    std::sort(exits.begin(), exits.end());
    const std::vector<Vec2>& samples = samples_of(area);
    if (exits.empty()) {
      FarthestPoint none;
      none.samples = none.unreachable = static_cast<int>(samples.size());
      return none;
    }
    TargetShape shape;
    for (int e : exits)
      shape.segments.push_back(vd_.exits[static_cast<std::size_t>(e)].line);
    // A ready field of the run on the same venue, to the same shape, in the same blocking state
    // is exactly the one this would compute (Navigation::on_blocking_changed marks stale every
    // field a change can touch): read it instead.
    if (fields_ != nullptr && std::ranges::equal(fields_->blocking(), walk_)) {
      if (const auto shared = fields_->find_target(shape); shared && fields_->ready(*shared))
        return farthest(*fields_, *shared, samples);
    }
    auto it = std::find_if(set_targets_.begin(), set_targets_.end(),
                           [&](const auto& entry) { return entry.first == exits; });
    if (it == set_targets_.end()) {
      set_targets_.emplace_back(exits, nav_walk_.add_target(std::move(shape)));
      it = std::prev(set_targets_.end());
    }
    const TargetId targets[] = {it->second};
    nav_walk_.prepare(targets, walk_);
    return farthest(nav_walk_, it->second, samples);
  }

  /// As walk(), from the field of each exit alone (computed once for all `exits`, in parallel),
  /// taking the nearest: for N-1, where every set differs.
  FarthestPoint walk_by_exit(std::size_t area, const std::vector<int>& exits) {
    const std::vector<Vec2>& samples = samples_of(area);
    FarthestPoint out;
    const std::vector<TargetId> targets = exit_fields(exits);
    for (Vec2 p : samples) {
      ++out.samples;
      double d = std::numeric_limits<double>::infinity();
      for (TargetId t : targets)
        d = std::min(d, nav_walk_.distance(t, p));
      if (!std::isfinite(d)) {
        ++out.unreachable;
        continue;
      }
      out.distance = std::max(out.distance, d);
    }
    return out;
  }

  /// Computes the per-exit fields of walk_by_exit() for these exits (in parallel); returns
  /// their targets.
  std::vector<TargetId> exit_fields(const std::vector<int>& exits) {
    std::vector<TargetId> targets;
    if (exit_targets_.size() < vd_.exits.size()) exit_targets_.assign(vd_.exits.size(), -1);
    for (int e : exits) {
      const auto ue = static_cast<std::size_t>(e);
      if (exit_targets_[ue] < 0)
        exit_targets_[ue] = nav_walk_.add_target({{vd_.exits[ue].line}, {}, {}});
      targets.push_back(exit_targets_[ue]);
    }
    nav_walk_.prepare(targets, walk_);
    return targets;
  }

  /// A start area covering the whole walkable area (for a venue without persons).
  std::size_t whole_venue() {
    areas_.emplace_back();
    area_polygons_.push_back(nullptr);
    samples_.emplace_back();
    return areas_.size() - 1;
  }

  const std::vector<PopulationUse>& populations() const { return populations_; }

  /// Exits usable from a zone without populations of its own: those allowed to everybody
  /// (the evacuate list, or all), open, reachable without a closed checkpoint.
  std::vector<int> default_usable(std::size_t zone) const {
    std::vector<int> out;
    std::vector<int> closed_checkpoints;
    for (std::size_t c = 0; c < vd_.checkpoints.size(); ++c)
      if (state_.checkpoint_closed_at[c]) closed_checkpoints.push_back(static_cast<int>(c));
    for (int e : default_route()) {
      const auto ue = static_cast<std::size_t>(e);
      if (state_.exit_closed_at[ue]) continue;
      const std::vector<int>& to = exit_parts_[ue];
      if (shares(areas_[zone], to) || connected(areas_[zone], to, closed_checkpoints))
        out.push_back(e);
    }
    return out;
  }

 private:
  void add_area(const Polygon& polygon) {
    areas_.push_back(parts_->of_area(polygon));
    area_polygons_.push_back(&polygon);
    samples_.emplace_back();
  }

  const std::vector<Vec2>& samples_of(std::size_t area) {
    if (!samples_[area]) samples_[area] = sample_points(venue_, area_polygons_[area], cell_);
    return *samples_[area];
  }

  static bool shares(const std::vector<int>& a, const std::vector<int>& b) {
    for (int x : a)
      if (std::binary_search(b.begin(), b.end(), x)) return true;
    return false;
  }

  /// Whether a chain of checkpoints, none of them in `without`, joins the parts `from` to the
  /// parts `to` (breadth-first over parts).
  bool connected(const std::vector<int>& from, const std::vector<int>& to,
                 const std::vector<int>& without) const {
    std::vector<int> seen = from, frontier = from;
    while (!frontier.empty()) {
      if (shares(frontier, to)) return true;
      std::vector<int> next;
      for (std::size_t c = 0; c < checkpoint_parts_.size(); ++c) {
        if (std::find(without.begin(), without.end(), static_cast<int>(c)) != without.end())
          continue;
        const std::vector<int>& sides = checkpoint_parts_[c];
        if (!shares(frontier, sides)) continue;
        for (int part : sides)
          if (!std::binary_search(seen.begin(), seen.end(), part)) {
            seen.insert(std::upper_bound(seen.begin(), seen.end(), part), part);
            next.push_back(part);
          }
      }
      std::sort(next.begin(), next.end());
      frontier = std::move(next);
    }
    return false;
  }

  std::vector<int> all_exits() const {
    std::vector<int> out;
    for (std::size_t e = 0; e < vd_.exits.size(); ++e)
      out.push_back(static_cast<int>(e));
    return out;
  }

  std::vector<int> by_name(const std::vector<std::string>& names) const {
    std::vector<int> out;
    for (const std::string& name : names)
      for (std::size_t e = 0; e < vd_.exits.size(); ++e)
        if (vd_.exits[e].name == name) out.push_back(static_cast<int>(e));
    return out;
  }

  /// The exits everybody may use: the evacuate event's list (all when empty); without an
  /// alarm, every exit some population's journey may leave by.
  std::vector<int> default_route() const {
    if (evacuate_) return evacuate_->exits.empty() ? all_exits() : by_name(evacuate_->exits);
    if (scenario_.populations.empty()) return all_exits();
    std::vector<int> any;
    for (const PopulationDesc& pop : scenario_.populations)
      add_unique(any, journey_exits(pop));
    return any;
  }

  /// The exits a population may leave by: the evacuate event's list when there is an alarm,
  /// otherwise its journey's last exit step's list (all exits when either list is empty).
  std::vector<int> route_of(const PopulationDesc& pop) const {
    return evacuate_ ? default_route() : journey_exits(pop);
  }

  std::vector<int> journey_exits(const PopulationDesc& pop) const {
    for (auto step = pop.journey.rbegin(); step != pop.journey.rend(); ++step)
      if (step->kind == JourneyStep::Kind::exit)
        return step->exits.empty() ? all_exits() : by_name(step->exits);
    return all_exits();
  }

  void describe(ExitUse& x, std::size_t e, double specific_flow, bool several_ways) const {
    if (x.closed_at) x.notes.push_back(tr("closed at {0} s", {format_number(*x.closed_at)}));
    if (x.closes_later)
      x.notes.push_back(tr("closes at {0} s, after the reference time: counted as open",
                           {format_number(*x.closes_later)}));
    if (!x.in_route)
      x.notes.push_back(evacuate_ ? tr("not in the evacuate event's exit list")
                                  : tr("not in any population's exit list"));
    else if (!x.reachable)
      x.notes.push_back(tr("no population that may use it can reach it"));
    for (const std::string& name : x.checkpoints) {
      for (std::size_t c = 0; c < vd_.checkpoints.size(); ++c) {
        const CheckpointDesc& cp = vd_.checkpoints[c];
        if (cp.name != name) continue;
        std::string note =
            tr("behind checkpoint {0}: {1} / {2} s per person",
               {name, cp.lanes == 1 ? tr("1 lane") : tr("{0} lanes", {std::to_string(cp.lanes)}),
                format_number(cp.service.expected())});
        if (const auto rate = service_rate(cp)) note += " = " + format_fixed(*rate, 2) + " P/s";
        if (state_.checkpoint_closed_at[c])
          note += tr(", closed at {0} s", {format_number(*state_.checkpoint_closed_at[c])});
        x.notes.push_back(note);
      }
    }
    if (several_ways)
      x.notes.push_back(
          tr("reached through several checkpoints side by side: no checkpoint limit applied"));
    if (x.max_flow_rate)
      x.notes.push_back("max_flow " + format_number(*vd_.exits[e].max_flow) + " P/(m·s) × " +
                        format_fixed(x.width, 2) + " m = " + format_fixed(*x.max_flow_rate, 2) +
                        " P/s");
    if (x.used && x.flow < x.width * specific_flow - 1e-9)
      x.notes.push_back(
          tr("limited to {0} P/s ({1} of {2} m)",
             {format_fixed(x.flow, 2), format_fixed(x.width_used, 2), format_fixed(x.width, 2)}));
  }

  const Scenario& scenario_;
  const Venue& venue_;
  const VenueDesc& vd_;
  std::optional<double> alarm_;
  const EvacuateDesc* evacuate_ = nullptr;
  ElementState state_;
  std::vector<std::uint8_t> walk_;
  Navigation nav_walk_;
  const Navigation* fields_;  ///< CapacityOptions::fields when usable here, else null
  std::optional<Reachability> parts_;
  double cell_ = 0.25;
  std::vector<std::vector<int>> areas_;  ///< parts each start area touches
  std::vector<const Polygon*> area_polygons_;
  std::vector<std::optional<std::vector<Vec2>>> samples_;
  std::vector<PopulationUse> populations_;
  std::vector<std::vector<int>> exit_parts_, checkpoint_parts_;
  std::vector<std::pair<std::vector<int>, TargetId>> set_targets_;
  std::vector<TargetId> exit_targets_;
};

std::vector<std::string> exit_names(const Scenario& scenario, const std::vector<int>& exits) {
  std::vector<std::string> out;
  for (int e : exits)
    out.push_back(scenario.venue.exits[static_cast<std::size_t>(e)].name);
  return out;
}

bool overlaps(const std::vector<int>& a, const std::vector<int>& b) {
  for (int e : a)
    if (std::find(b.begin(), b.end(), e) != b.end()) return true;
  return false;
}

}  // namespace

CapacityReport compute_capacity(const Scenario& scenario, const Venue& venue,
                                const CapacityOptions& options) {
  // Every text of the report in the language asked for, whatever the caller's thread writes.
  const LanguageScope language(options.lang);
  const DefaultNorms defaults = default_norms(scenario.venue.setting);
  const std::string exit_name = options.exit_norm.empty() ? defaults.exit_norm : options.exit_norm;
  const std::string density_name =
      options.density_norm.empty() ? defaults.density_norm : options.density_norm;
  const ExitNorm* exit_norm = find_exit_norm(exit_name);
  if (!exit_norm) throw std::invalid_argument("unknown exit norm '" + exit_name + "'");
  const DensityNorm* density_norm = find_density_norm(density_name);
  if (!density_norm) throw std::invalid_argument("unknown density norm '" + density_name + "'");

  CapacityReport report;
  report.exit_norm = *exit_norm;
  report.density_norm = *density_norm;
  report.setting = scenario.venue.setting;
  if (options.exit_norm.empty() && options.density_norm.empty())
    report.norm_reason = tr(defaults.reason);
  else
    report.norm_reason = tr("named on the command line") +
                         (options.exit_norm.empty() || options.density_norm.empty()
                              ? tr(" (the other from the setting: {0})", {tr(defaults.reason)})
                              : std::string());
  CapacityCalculation calc(scenario, venue, options);
  report.grid_cell = calc.cell();
  report.alarm_time = calc.alarm();
  const double alarm_time = calc.alarm().value_or(0.0);
  if (options.egress_limit) {
    report.egress_limit = options.egress_limit;
    report.egress_limit_source = "--egress-limit";
  } else if (scenario.criteria.max_evacuation_time) {
    report.egress_limit = scenario.criteria.max_evacuation_time->limit;
    report.egress_limit_source = tr("the scenario's max_evacuation_time criterion");
  } else if (scenario.criteria.all_out_by && scenario.criteria.all_out_by->limit > alarm_time) {
    report.egress_limit = scenario.criteria.all_out_by->limit - alarm_time;
    report.egress_limit_source =
        alarm_time > 0.0 ? tr("the scenario's all_out_by criterion, less the alarm time")
                         : tr("the scenario's all_out_by criterion");
  } else if (exit_norm->reference_time) {
    report.egress_limit = exit_norm->reference_time;
    report.egress_limit_source = tr("the norm {0}", {exit_norm->name});
  }

  const VenueDesc& vd = scenario.venue;
  const double f = exit_norm->specific_flow;
  calc.resolve(f, report.exits);
  const std::vector<PopulationUse>& pops = calc.populations();

  std::vector<double> exit_flow;
  for (const ExitUse& x : report.exits)
    exit_flow.push_back(x.flow);

  double total_persons = 0.0, total_speed_sum = 0.0;
  for (const PopulationUse& p : pops) {
    total_persons += p.persons;
    total_speed_sum += p.persons * p.speed;
  }
  const double venue_speed = total_persons > 0.0 ? total_speed_sum / total_persons : 1.34;

  const auto width_of = [&](const std::vector<int>& exits) {
    double w = 0.0;
    for (int e : exits)
      w += report.exits[static_cast<std::size_t>(e)].width_used;
    return w;
  };
  const auto groups_of = [&](const std::vector<std::size_t>& members, int without = -1) {
    std::vector<FlowGroup> groups;
    for (std::size_t p : members) {
      FlowGroup g{pops[p].persons, {}};
      for (int e : pops[p].usable)
        if (e != without) g.exits.push_back(e);
      groups.push_back(std::move(g));
    }
    return groups;
  };

  const auto finish_row = [&](CapacityRow& row, const FarthestPoint& far, bool check_exits,
                              const std::vector<std::size_t>& members) {
    row.density = row.area > 0.0 ? std::optional(row.persons / row.area) : std::nullopt;
    row.exit_width = width_of([&] {
      std::vector<int> ids;
      for (const std::string& name : row.exits)
        for (std::size_t e = 0; e < vd.exits.size(); ++e)
          if (vd.exits[e].name == name) ids.push_back(static_cast<int>(e));
      return ids;
    }());
    if (exit_norm->persons_per_metre)
      row.exit_capacity = row.exit_width * *exit_norm->persons_per_metre *
                          (exit_norm->reference_time ? *exit_norm->reference_time / 60.0 : 1.0);
    else if (report.egress_limit)
      row.exit_capacity = row.exit_width * f * *report.egress_limit;
    const std::vector<FlowGroup> groups = groups_of(members);
    row.flow_time = flow_time(groups, exit_flow);
    if (far.samples > far.unreachable) {
      row.walking_distance = far.distance;
      row.walking_time = far.distance / row.mean_speed;
      if (row.flow_time) row.egress_time = *row.flow_time + *row.walking_time;
    }

    row.density_limit = density_norm->density;
    if (density_norm->condition_persons) {
      const bool large = row.persons > *density_norm->condition_persons;
      const bool slow = !row.egress_time || *row.egress_time > *density_norm->condition_time;
      if (!(large && slow)) row.density_limit = density_norm->otherwise;
    }
    row.holding_capacity = row.area * row.density_limit;

    if (row.persons > row.holding_capacity + 1e-9) {
      row.warnings.push_back(tr("persons exceed the holding capacity at {0} P/m²",
                                {format_number(row.density_limit)}));
      row.within_limits = false;
    }
    if (row.permitted && row.persons > *row.permitted) {
      row.warnings.push_back(tr("persons exceed the zone's permitted capacity of {0}",
                                {std::to_string(*row.permitted)}));
      row.within_limits = false;
    }
    if (row.permitted_density && row.density && *row.density > *row.permitted_density) {
      row.warnings.push_back(tr("density exceeds the zone's max_density of {0} P/m²",
                                {format_number(*row.permitted_density)}));
      row.within_limits = false;
    }
    if (check_exits && row.exit_capacity && row.flow_persons > *row.exit_capacity + 1e-9) {
      row.warnings.push_back(
          tr("persons exceed what the exits may serve under {0}", {exit_norm->name}));
      row.within_limits = false;
    }
    if (check_exits && report.egress_limit && row.egress_time &&
        *row.egress_time > *report.egress_limit) {
      row.warnings.push_back(tr("egress time {0} s exceeds the limit of {1} s ({2})",
                                {format_fixed(*row.egress_time, 0),
                                 format_number(*report.egress_limit), report.egress_limit_source}));
      row.within_limits = false;
    }
    if (row.flow_persons > 0.0 && !row.flow_time) {
      row.warnings.push_back(tr("some persons have no usable exit: no flow time"));
      row.within_limits = false;
    }
    if (far.samples == 0)
      row.warnings.push_back(tr("no walkable sample point: no walking distance"));
    else if (far.unreachable == far.samples)
      row.warnings.push_back(tr("no path to a usable exit: no walking distance"));
    else if (far.unreachable > 0)
      row.warnings.push_back(tr("{0} of {1} sample points have no path to a usable exit (left out)",
                                {std::to_string(far.unreachable), std::to_string(far.samples)}));
  };

  const auto merge = [](FarthestPoint& into, const FarthestPoint& x) {
    into.distance = std::max(into.distance, x.distance);
    into.samples += x.samples;
    into.unreachable += x.unreachable;
  };

  for (std::size_t z = 0; z < vd.zones.size(); ++z) {
    const ZoneDesc& zone = vd.zones[z];
    CapacityRow row;
    row.name = zone.name;
    row.area = venue.clipped_area(zone.polygon);
    row.permitted = zone.capacity;
    row.permitted_density = zone.max_density;
    std::vector<int> exits;
    std::vector<std::size_t> own;
    double speed_sum = 0.0;
    FarthestPoint far;
    for (std::size_t p = 0; p < pops.size(); ++p) {
      if (pops[p].zone != static_cast<int>(z)) continue;
      own.push_back(p);
      row.persons += pops[p].persons;
      speed_sum += pops[p].persons * pops[p].speed;
      add_unique(exits, pops[p].usable);
      merge(far, calc.walk(z, pops[p].usable));
    }
    if (own.empty()) {
      exits = calc.default_usable(z);
      far = calc.walk(z, exits);
    }
    row.mean_speed = row.persons > 0.0 ? speed_sum / row.persons : venue_speed;
    row.exits = exit_names(scenario, exits);
    // Everybody who may use one of these exits competes for them.
    std::vector<std::size_t> members;
    for (std::size_t p = 0; p < pops.size(); ++p) {
      if (!overlaps(pops[p].usable, exits)) continue;
      members.push_back(p);
      row.flow_persons += pops[p].persons;
      if (pops[p].zone != static_cast<int>(z)) row.shared_with.push_back(pops[p].name);
    }
    for (std::size_t p : own)
      if (std::find(members.begin(), members.end(), p) == members.end()) {
        members.push_back(p);  // persons without a usable exit
        row.flow_persons += pops[p].persons;
      }
    finish_row(row, far, row.shared_with.empty() && !own.empty(), members);
    report.rows.push_back(std::move(row));
  }

  CapacityRow venue_row;
  venue_row.name = "venue";
  venue_row.is_venue = true;
  venue_row.persons = total_persons;
  venue_row.area = venue.area();
  venue_row.mean_speed = venue_speed;
  venue_row.flow_persons = total_persons;
  std::vector<int> venue_exits;
  std::vector<std::size_t> everyone;
  FarthestPoint venue_far;
  for (std::size_t p = 0; p < pops.size(); ++p) {
    everyone.push_back(p);
    add_unique(venue_exits, pops[p].usable);
    merge(venue_far, calc.walk(pops[p].area, pops[p].usable));
  }
  if (pops.empty()) {
    // Nobody placed: the whole venue to every open exit.
    for (std::size_t e = 0; e < report.exits.size(); ++e)
      if (!report.exits[e].closed_at) venue_exits.push_back(static_cast<int>(e));
    venue_far = calc.walk(calc.whole_venue(), venue_exits);
  }
  venue_row.exits = exit_names(scenario, venue_exits);
  finish_row(venue_row, venue_far, true, everyone);
  report.rows.push_back(std::move(venue_row));

  if (options.n_minus_1) {
    const CapacityRow& v = report.venue();
    calc.exit_fields(venue_exits);
    for (int x : venue_exits) {
      if (!report.exits[static_cast<std::size_t>(x)].used) continue;
      WithoutExit w;
      w.without = report.exits[static_cast<std::size_t>(x)].name;
      std::vector<double> flows = exit_flow;
      flows[static_cast<std::size_t>(x)] = 0.0;
      for (std::size_t e = 0; e < flows.size(); ++e)
        if (static_cast<int>(e) != x && flows[e] > 0.0) w.exit_width += flows[e] / f;
      w.flow_time = flow_time(groups_of(everyone, x), flows);
      FarthestPoint far;
      for (const PopulationUse& p : pops) {
        std::vector<int> left;
        for (int e : p.usable)
          if (e != x) left.push_back(e);
        merge(far, calc.walk_by_exit(p.area, left));
      }
      if (far.samples > far.unreachable) w.walking_distance = far.distance;
      if (w.flow_time && w.walking_distance)
        w.egress_time = *w.flow_time + *w.walking_distance / v.mean_speed;
      w.within_limit =
          w.egress_time && (!report.egress_limit || *w.egress_time <= *report.egress_limit);
      report.n_minus_1.push_back(std::move(w));
    }
    std::stable_sort(
        report.n_minus_1.begin(), report.n_minus_1.end(),
        [](const WithoutExit& a, const WithoutExit& b) {
          const double ta = a.egress_time.value_or(std::numeric_limits<double>::infinity());
          const double tb = b.egress_time.value_or(std::numeric_limits<double>::infinity());
          return ta > tb;
        });
  }
  return report;
}

// [SECTION] JSON

CapacityFigures capacity_figures(const CapacityReport& report) {
  const CapacityRow& v = report.venue();
  CapacityFigures c;
  c.norm = report.exit_norm.name;
  c.norm_title = report.exit_norm.title;
  c.density_norm = report.density_norm.name;
  c.setting = setting_name(report.setting);
  c.specific_flow = report.exit_norm.specific_flow;
  c.persons = v.persons;
  c.exit_width = v.exit_width;
  c.flow_time = v.flow_time;
  c.walking_distance = v.walking_distance;
  c.walking_time = v.walking_time;
  c.egress_time = v.egress_time;
  c.egress_limit = report.egress_limit;
  c.egress_limit_source = report.egress_limit_source;
  return c;
}

namespace io {

std::string capacity_json(const CapacityReport& report) {
  using Json = nlohmann::ordered_json;
  const auto opt = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
  Json j = Json::object();
  j["setting"] = setting_name(report.setting);
  j["norm_reason"] = report.norm_reason;
  Json en = Json::object();
  en["name"] = report.exit_norm.name;
  en["title"] = report.exit_norm.title;
  en["legacy"] = report.exit_norm.legacy;
  en["persons_per_metre"] = opt(report.exit_norm.persons_per_metre);
  en["specific_flow"] = report.exit_norm.specific_flow;
  en["specific_flow_per_minute"] = report.exit_norm.specific_flow * 60.0;
  en["flow_source"] = report.exit_norm.flow_source;
  en["reference_time"] = opt(report.exit_norm.reference_time);
  j["exit_norm"] = en;
  Json dn = Json::object();
  dn["name"] = report.density_norm.name;
  dn["title"] = report.density_norm.title;
  dn["density"] = report.density_norm.density;
  j["density_norm"] = dn;
  j["alarm_time"] = opt(report.alarm_time);
  j["egress_limit"] = opt(report.egress_limit);
  j["egress_limit_source"] = report.egress_limit_source;
  j["walking_sample_spacing"] = report.grid_cell;
  Json exits = Json::array();
  for (const ExitUse& x : report.exits) {
    Json e = Json::object();
    e["name"] = x.name;
    e["width"] = x.width;
    e["used"] = x.used;
    e["width_used"] = x.width_used;
    e["flow"] = x.flow;
    e["closed_at"] = opt(x.closed_at);
    e["closes_later"] = opt(x.closes_later);
    e["in_route"] = x.in_route;
    e["reachable"] = x.reachable;
    e["checkpoints"] = x.checkpoints;
    e["checkpoint_rate"] = opt(x.checkpoint_rate);
    e["max_flow_rate"] = opt(x.max_flow_rate);
    e["notes"] = x.notes;
    exits.push_back(e);
  }
  j["exits"] = exits;
  Json rows = Json::array();
  for (const CapacityRow& r : report.rows) {
    Json x = Json::object();
    x["name"] = r.name;
    x["kind"] = r.is_venue ? "venue" : "zone";
    x["persons"] = r.persons;
    x["area"] = r.area;
    x["density"] = opt(r.density);
    x["density_limit"] = r.density_limit;
    x["holding_capacity"] = r.holding_capacity;
    x["permitted"] = opt(r.permitted);
    x["permitted_density"] = opt(r.permitted_density);
    x["exits"] = r.exits;
    x["exit_width"] = r.exit_width;
    x["flow_persons"] = r.flow_persons;
    x["shared_with"] = r.shared_with;
    x["exit_capacity"] = opt(r.exit_capacity);
    x["flow_time"] = opt(r.flow_time);
    x["walking_distance"] = opt(r.walking_distance);
    x["mean_speed"] = r.mean_speed;
    x["walking_time"] = opt(r.walking_time);
    x["egress_time"] = opt(r.egress_time);
    x["within_limits"] = r.within_limits;
    x["warnings"] = r.warnings;
    rows.push_back(x);
  }
  j["rows"] = rows;
  if (!report.n_minus_1.empty()) {
    Json n1 = Json::array();
    for (const WithoutExit& w : report.n_minus_1) {
      Json x = Json::object();
      x["without"] = w.without;
      x["exit_width"] = w.exit_width;
      x["flow_time"] = opt(w.flow_time);
      x["walking_distance"] = opt(w.walking_distance);
      x["egress_time"] = opt(w.egress_time);
      x["within_limit"] = w.within_limit;
      n1.push_back(x);
    }
    j["n_minus_1"] = n1;
  }
  return j.dump(2) + "\n";
}

// [SECTION] Text

namespace {

// Padding counts bytes, as printf's field widths do, so that the English table stays the same
// byte for byte.
std::string right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}
std::string left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string cell(const std::optional<double>& v, int decimals) {
  return v ? display_number(*v, decimals) : "-";
}

/// Comma-separated, at most `most` names and then "and N more".
std::string joined(const std::vector<std::string>& items, std::size_t most = 100) {
  std::string out;
  for (std::size_t k = 0; k < items.size() && k < most; ++k)
    out += (out.empty() ? "" : ", ") + items[k];
  if (items.size() > most) out += tr(" and {0} more", {std::to_string(items.size() - most)});
  return out.empty() ? "-" : out;
}

/// A table's columns: each at least its English width and as wide as its heading.
class Columns {
 public:
  /// One column: `width` in English (negative: left-aligned; 0: the last, not padded), its
  /// heading, and the spaces before it.
  struct Spec {
    int width;
    std::string heading;
    const char* gap;
  };
  explicit Columns(std::initializer_list<Spec> specs) : specs_(specs) {
    for (Spec& c : specs_)
      if (c.width != 0)
        c.width = (c.width < 0 ? -1 : 1) *
                  static_cast<int>(std::max<std::size_t>(
                      static_cast<std::size_t>(std::abs(c.width)), c.heading.size()));
  }
  std::string heading() const {
    std::string out;
    for (const Spec& c : specs_)
      out += c.gap + fit(c, c.heading);
    return out;
  }
  std::string row(std::initializer_list<std::string> cells) const {
    std::string out;
    auto c = specs_.begin();
    for (const std::string& text : cells)
      out += c->gap + fit(*c, text), ++c;
    return out;
  }

 private:
  static std::string fit(const Spec& c, const std::string& text) {
    if (c.width == 0) return text;
    return c.width < 0 ? left(text, static_cast<std::size_t>(-c.width))
                       : right(text, static_cast<std::size_t>(c.width));
  }
  std::vector<Spec> specs_;
};

}  // namespace

std::string capacity_text(const Scenario& scenario, const CapacityReport& r) {
  const ExitNorm& en = r.exit_norm;
  std::string out;
  const auto line = [&out](const std::string& text) { out += text + "\n"; };
  // The labels of the first block share one column, as wide as the longest label plus one.
  const std::string l_setting = tr("Setting"), l_norm = tr("Exit norm"),
                    l_density = tr("Density limit"), l_flow = tr("Specific flow"),
                    l_limit = tr("Egress limit"), l_reference = tr("Reference");
  std::size_t w = 0;
  for (const std::string* l : {&l_setting, &l_norm, &l_density, &l_flow, &l_limit, &l_reference})
    w = std::max(w, l->size() + 1);
  const auto label = [w](const std::string& text) { return left(text, w - 1) + " "; };

  line(tr("Capacity of \"{0}\" ({1})", {scenario.name, scenario.file}));
  line(label(l_setting) + tr("{0}; norms: {1}", {tr(setting_name(r.setting)), r.norm_reason}));
  line(label(l_norm) + en.name + ": " + tr(en.title));
  if (en.legacy)
    line(std::string(w, ' ') +
         tr("(legacy: no longer in force; for plans dated before it lapsed)"));
  line(label(l_density) + r.density_norm.name + ": " + tr(r.density_norm.title));
  line(label(l_flow) + tr("{0} P/(m·s) = {1} P/(m·min): {2}",
                          {display_number(en.specific_flow, 3),
                           display_number(en.specific_flow * 60.0, 0), tr(en.flow_source)}));
  if (r.egress_limit)
    line(label(l_limit) +
         tr("{0} s, from {1}", {display_number(*r.egress_limit, 0), r.egress_limit_source}));
  else
    line(label(l_limit) +
         tr("none (the norm sets none and the scenario has no max_evacuation_time)"));
  if (r.alarm_time)
    line(label(l_reference) +
         tr("the alarm at {0} s: exits, doors and checkpoints as after the events up to then; "
            "exits from the evacuate event's list",
            {format_number(*r.alarm_time)}));
  else
    line(label(l_reference) + tr("t = 0 (no evacuate event): exits from each journey's exit list"));
  const std::string may_serve = label(tr("Exits may serve")) + "= ";
  if (en.persons_per_metre && en.reference_time)
    line(may_serve + tr("width used × {0} persons per metre per minute × {1} min",
                        {display_number(*en.persons_per_metre, 0),
                         display_number(*en.reference_time / 60.0, 1)}));
  else if (en.persons_per_metre)
    line(may_serve +
         tr("width used × {0} persons per metre", {display_number(*en.persons_per_metre, 0)}));
  else if (r.egress_limit)
    line(may_serve +
         tr("width used × specific flow × {0} s", {display_number(*r.egress_limit, 0)}));
  line(label(tr("Exit flow")) + "= " +
       tr("min(width × specific flow, checkpoint lanes / mean service time, max_flow × width)"));
  line(label(tr("Flow time")) + "= " +
       tr("shortest time for the usable exits at their flow to pass every person, each through "
          "the exits open to them"));
  line(label(tr("Egress time")) + "= " +
       tr("flow time + longest walking distance to the nearest usable exit (around obstacles, "
          "sampled every {0} m) / mean desired speed",
          {display_number(r.grid_cell, 2)}));
  line(label(tr("Persons")) + "= " +
       tr("count placed, or arrivals over the duration (capped by total), all inside at once"));
  const bool visits = std::any_of(
      scenario.populations.begin(), scenario.populations.end(), [](const PopulationDesc& p) {
        return std::any_of(p.journey.begin(), p.journey.end(),
                           [](const JourneyStep& s) { return s.kind == JourneyStep::Kind::visit; });
      });
  if (visits)
    line(std::string(w, ' ') +
         tr("(a population that visits attractions is counted where it enters, not at the "
            "attractions; the run's zone occupancy shows how many stand at each)"));
  line("");

  const Columns exits({{-20, tr("exit"), ""},
                       {7, tr("width m"), " "},
                       {7, tr("used m"), " "},
                       {8, tr("flow P/s"), " "},
                       {0, tr("status"), "  "}});
  line(exits.heading());
  for (const ExitUse& x : r.exits) {
    std::string status = x.used ? tr("used") : tr("left out");
    for (const std::string& note : x.notes)
      status += "; " + note;
    line(exits.row({x.name, display_number(x.width, 2), display_number(x.width_used, 2),
                    display_number(x.flow, 2), status}));
  }
  line("");

  const Columns zones({{-16, tr("zone"), ""},
                       {9, tr("persons"), " "},
                       {10, tr("area m²"), " "},
                       {6, tr("P/m²"), " "},
                       {8, tr("holding"), " "},
                       {8, tr("permit"), " "},
                       {8, tr("exit m"), " "},
                       {9, tr("may serve"), " "},
                       {8, tr("flow s"), " "},
                       {7, tr("walk m"), " "},
                       {7, tr("walk s"), " "},
                       {8, tr("egress s"), " "}});
  line(zones.heading());
  for (const CapacityRow& row : r.rows) {
    std::string name = row.is_venue ? tr(row.name) : row.name;
    if (!row.shared_with.empty()) name += "*";
    line(zones.row({name, display_number(row.persons, 0), display_number(row.area, 1),
                    cell(row.density, 2), display_number(row.holding_capacity, 0),
                    row.permitted ? std::to_string(*row.permitted) : "-",
                    display_number(row.exit_width, 2), cell(row.exit_capacity, 0),
                    cell(row.flow_time, 0), cell(row.walking_distance, 1),
                    cell(row.walking_time, 0), cell(row.egress_time, 0)}));
  }
  const CapacityRow& venue = r.rows.back();
  line("");
  line(tr("Exits used: {0}", {joined(venue.exits)}));
  for (const CapacityRow& row : r.rows)
    if (!row.is_venue && row.exits != venue.exits)
      line(tr("  {0} uses: {1}", {row.name, joined(row.exits)}));
  bool any_shared = false;
  for (const CapacityRow& row : r.rows)
    any_shared = any_shared || !row.shared_with.empty();
  if (any_shared) {
    line(tr("* exits shared with persons from elsewhere: the flow time counts them too"));
    for (const CapacityRow& row : r.rows)
      if (!row.shared_with.empty())
        line(tr("  {0} shares with: {1}", {row.name, joined(row.shared_with, 4)}));
  }
  bool header = false;
  for (const CapacityRow& row : r.rows) {
    for (const std::string& warning : row.warnings) {
      if (!header) {
        line("");
        line(tr("Warnings"));
      }
      header = true;
      line("  " + (row.is_venue ? tr(row.name) : row.name) + ": " + warning);
    }
  }
  if (!r.n_minus_1.empty()) {
    line("");
    line(tr("N-1: the venue with one exit unavailable, worst first"));
    const Columns n1({{-20, tr("without"), ""},
                      {10, tr("exit m"), " "},
                      {8, tr("flow s"), " "},
                      {8, tr("walk m"), " "},
                      {9, tr("egress s"), " "},
                      {0, tr("within limit"), "  "}});
    line(n1.heading());
    for (const WithoutExit& x : r.n_minus_1)
      line(n1.row({x.without, display_number(x.exit_width, 2), cell(x.flow_time, 0),
                   cell(x.walking_distance, 1), cell(x.egress_time, 0),
                   !x.egress_time   ? tr("no (someone has no exit left)")
                   : x.within_limit ? tr("yes")
                                    : tr("no")}));
  }
  return out;
}

}  // namespace io

}  // namespace stroom
