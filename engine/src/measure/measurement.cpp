// Measurement of a run (stroom/measurement.hpp); definitions in docs/measurement.md.
//
// [SECTION] Geometry set-up: grid, zones, cell → zone candidates
// [SECTION] observe(): persons, crossings, zone occupancy, samples
// [SECTION] Samples: moving-window grid densities, peak, time above, levels of service
// [SECTION] summarize(): summary.json figures and criteria
// [SECTION] Series and maps for the report
// [SECTION] Building blocks: peak_rate, percentile
#include "stroom/measurement.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/task_arena.h>

#include "measure/beside_the_run.hpp"
#include "measure/boost_geometry.hpp"
#include "measure/text.hpp"
#include "stroom/lang.hpp"

namespace stroom {

using namespace measure;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kTimeEps = 1e-9;

/// Persons inside the venue: on the floor, and off it in `indoor` zones.
std::int64_t on_floor_and_indoors(const StepView& view) {
  std::int64_t n = static_cast<std::int64_t>(view.ids.size());
  for (const std::int32_t k : view.indoors)
    n += k;
  return n;
}

struct ZoneGeometry {
  BgPolygon polygon;
  BgBox box;
  double area = 0.0;  ///< m², clipped to the walkable area
};

/// A zone that touches a grid cell; `covers` when the whole cell lies inside the zone, so
/// that persons in the cell need no point-in-polygon test.
struct ZoneInCell {
  int zone = 0;
  bool covers = false;
};

/// The block mean velocity and block density of one cell at one sample (crowd pressure).
struct BlockSample {
  int cell = 0;
  double vx = 0.0, vy = 0.0;  ///< m/s, mean velocity of the persons in the 3 × 3 block
  double density = 0.0;       ///< persons/m² in the block
};

struct GridSample {
  double time = 0.0;
  std::vector<int> cells;  ///< measured cell of each person in a measured cell
};

struct PressureSample {
  double time = 0.0;
  std::vector<BlockSample> blocks;  ///< every measured cell with persons in its block
};

/// Cells in a deterministic insertion order with O(1) membership (swap-remove keeps the
/// order of the others deterministic).
struct CellSet {
  std::vector<int> cells;
  std::vector<int> pos;  ///< position in `cells`, -1 when absent
  void resize(std::size_t n) { pos.assign(n, -1); }
  void insert(int cell) {
    if (pos[cell] >= 0) return;
    pos[cell] = static_cast<int>(cells.size());
    cells.push_back(cell);
  }
  void erase_at(std::size_t k) {
    pos[cells[k]] = -1;
    cells[k] = cells.back();
    cells.pop_back();
    if (k < cells.size()) pos[cells[k]] = static_cast<int>(k);
  }
};

/// True on the thread that takes the samples beside the run: there the passes run on it alone.
thread_local bool on_side_thread = false;

}  // namespace

struct Measurement::Impl {
  Scenario scenario;
  std::vector<PolygonWithHoles> walkable;
  DensityGrid grid;
  double window = 10.0;    ///< s
  double sample_dt = 0.5;  ///< s
  std::vector<ZoneGeometry> zones;
  /// The zones of each grid cell, in the form a pass over persons reads fastest. Zones that
  /// cover a whole cell: the cell's *zone set* (0: none), the set's zones in
  /// set_zones[set_zone_begin[set] .. set_zone_begin[set + 1]); a run of persons in cells of
  /// one set is counted once. Zones that only touch it (a point-in-polygon test per person):
  /// edge_zones[edge_zone_begin[c] .. edge_zone_begin[c + 1]). cell_zones[c] holds the set,
  /// with kEdgeZones set when the cell has edge zones.
  static constexpr std::int32_t kEdgeZones = std::numeric_limits<std::int32_t>::min();
  std::vector<std::int32_t> cell_zones;
  std::vector<std::int32_t> set_zone_begin, set_zones;
  std::vector<std::int32_t> edge_zone_begin, edge_zones;
  /// The measurement's own worker threads (none for one thread): the per-person passes of
  /// every step and the set-up run on them, on work whose result does not depend on the split.
  std::unique_ptr<tbb::task_arena> arena;
  /// Density grid cell of each person of the view being observed (index_of, -1 outside),
  /// found once a step for the zone counts, the density sample and the crowd pressure.
  std::vector<std::int32_t> person_cell;

  // Time
  bool observed_any = false;
  double time = 0.0;
  double first_sample_time = 0.0;
  std::int64_t samples_taken = 0;
  double alarm = -1.0;
  std::vector<StuckPerson> stuck;  ///< every person reported stuck, in report order
  std::vector<ElementHistory> exit_history, door_history, checkpoint_history;

  // Persons, indexed by id
  std::vector<std::uint8_t> known;
  std::vector<double> entry_time;
  std::int64_t spawned = 0, exited = 0, inside = 0;
  std::vector<double> travel, exit_time;
  std::vector<std::int64_t> group_members;  ///< by walking group id: members who entered
  /// By population and visitor profile: persons who entered (populations with profiles).
  std::vector<std::vector<std::int64_t>> profile_counts;

  // Crossings
  std::vector<std::vector<double>> exit_crossings;  ///< per exit, sorted at the end
  std::vector<std::vector<double>> line_crossings;  ///< per line, both directions
  std::vector<std::int64_t> line_forward, line_backward;

  // Zones, every step
  std::vector<std::int64_t> zone_now, zone_peak;
  std::vector<double> zone_emptied_at;  ///< time the zone last went from occupied to empty

  // Series, every sample
  std::vector<double> sample_times;
  std::vector<double> inside_series;
  std::vector<std::vector<double>> zone_occupancy_series, zone_density_series, queue_series;

  // Moving window over samples
  std::deque<GridSample> window_samples;
  /// Persons summed over the samples in the window, over each cell's smoothing disc.
  std::vector<std::int64_t> cell_sum;
  std::vector<int> active;      ///< cells with cell_sum > 0
  std::vector<int> active_pos;  ///< position in `active`, -1 when not active
  /// measure.smoothing: the cell offsets (columns, rows) whose centres lie within the
  /// smoothing radius of a cell's centre ({0, 0} alone without smoothing), and per cell the
  /// walkable area of the measured cells of its disc, m².
  std::vector<std::pair<int, int>> disc;
  std::vector<double> disc_area;
  std::vector<std::deque<std::int64_t>> zone_window;
  std::vector<std::int64_t> zone_window_sum;
  std::vector<double> zone_peak_density;

  // Density results
  std::vector<double> thresholds;  ///< ascending: kDensityThresholds and criterion limits
  std::vector<double> cell_max;
  std::vector<std::vector<double>> time_above;         ///< per threshold, per cell, s
  std::vector<std::vector<std::int32_t>> run_now;      ///< samples above, unbroken, so far
  std::vector<std::vector<std::int32_t>> run_longest;  ///< longest unbroken run, samples

  // Crowd pressure: per cell, sums over the pressure window of the BlockSamples
  std::deque<PressureSample> pressure_samples;
  std::vector<double> p_n, p_vx, p_vy, p_v2, p_density;
  CellSet p_active;  ///< cells with p_n > 0
  std::vector<double> p_max;
  double p_peak = -1.0, p_peak_time = 0.0;
  int p_peak_cell = -1;
  // Scratch for one sample
  std::vector<int> s_n;
  std::vector<double> s_vx, s_vy;
  std::vector<int> s_cells;
  std::vector<std::uint8_t> s_centre;  ///< 1 for a block centre of this sample
  std::vector<int> s_centres;
  std::vector<BlockSample> s_block_of;  ///< per centre; cell −1: not dense enough
  double peak = -1.0, peak_time = 0.0;
  int peak_cell = -1;
  std::vector<std::pair<int, double>> peak_map;  ///< active cells at the peak sample
  /// measure.snapshots: the next one to take, and those taken (sample time, active cells).
  std::size_t next_snapshot = 0;
  struct Snapshot {
    double time = 0.0;
    std::vector<std::pair<int, double>> cells;  ///< active cells and their densities
    std::vector<std::int64_t> zones;            ///< persons in each zone
    std::int64_t inside = 0, indoors = 0;
  };
  std::vector<Snapshot> snapshots;

  /// The window-averaged density of every active cell now, by cell (the cells not listed
  /// are empty): what the map at the peak and the snapshots keep.
  std::vector<std::pair<int, double>> active_densities() const {
    // In cell order by a pass over the grid's map of active cells: cheaper than sorting the
    // active list, which a crowd of tens of thousands made a share of every new peak.
    std::vector<std::pair<int, double>> cells;
    cells.reserve(active.size());
    for (int cell = 0; cell < static_cast<int>(active_pos.size()); ++cell)
      if (active_pos[cell] >= 0) cells.emplace_back(cell, windowed_density(cell));
    return cells;
  }
  /// Calls f(begin, end) over [0, n) in blocks of at least `grain`, on the arena's threads
  /// when there is one.
  template <class F>
  void parallel(std::size_t n, std::size_t grain, F&& f) const {
    if (arena == nullptr || n < 2 * grain || on_side_thread) {
      f(std::size_t{0}, n);
      return;
    }
    arena->execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain),
                        [&](const tbb::blocked_range<std::size_t>& r) { f(r.begin(), r.end()); });
    });
  }
  /// block(begin, end, partial) → partial over blocks of [0, n), the blocks' results joined
  /// by combine(a, b); only for reductions whose result does not depend on the split (integer
  /// sums, a maximum under a total order).
  template <class T, class Block, class Combine>
  T reduce(std::size_t n, std::size_t grain, T identity, Block&& block, Combine&& combine) const {
    if (arena == nullptr || n < 2 * grain || on_side_thread)
      return block(std::size_t{0}, n, std::move(identity));
    T result;
    arena->execute([&] {
      result = tbb::parallel_reduce(
          tbb::blocked_range<std::size_t>(0, n, grain), std::move(identity),
          [&](const tbb::blocked_range<std::size_t>& r, T partial) {
            return block(r.begin(), r.end(), std::move(partial));
          },
          combine);
    });
    return result;
  }
  std::array<double, kLevelOfServiceCount> los_time{};

  Impl(const Scenario& s, std::vector<PolygonWithHoles> w, int threads);
  void observe(const StepView& view);
  /// What one pass over the persons of a view finds, in parallel: each one's density cell
  /// (into person_cell), the persons on the floor in each zone, and how many are not known yet.
  struct Sweep {
    std::vector<std::int64_t> in_set;  ///< per zone set (cell_zones)
    /// Per zone: in a block, the persons found by a polygon test; once sweep() returns, all.
    std::vector<std::int64_t> in_zone;
    std::int64_t unknown = 0;
  };
  Sweep sweep(const StepView& view);
  void observe_zones(const StepView& view, std::vector<std::int64_t> counts);
  /// What a sample reads of the step it is taken at, copied: with more than one thread the
  /// samples are taken beside the run (`side`) while the next steps are simulated, and the
  /// view's arrays change with them.
  struct SampleInput {
    double time = 0.0;
    std::int64_t all = 0;            ///< persons on the floor and indoors
    std::vector<int> queue;          ///< per checkpoint
    std::vector<std::int32_t> cell;  ///< person_cell of everyone on the floor
    std::vector<double> vx, vy;      ///< the view's velocities
    std::vector<std::int64_t> zone_now;
  };
  SampleInput sample_input(const StepView& view) const;
  void take_sample(const SampleInput& in);
  void sample_blocks(const SampleInput& in, PressureSample& s);
  /// Waits for the sample being taken beside the run, if any (every reader of the figures
  /// calls it first).
  void settle() const {
    if (side) side->wait();
  }
  void add_blocks(const PressureSample& s, double sign);
  void update_pressure(double t);
  void activate(int cell, std::int64_t delta);
  /// A person sampled in `cell` (delta +1) or leaving the window (-1), for every measured
  /// cell of its smoothing disc.
  void count_person(int cell, std::int64_t delta);
  double windowed_density(int cell) const {
    const auto n = static_cast<double>(window_samples.size());
    return static_cast<double>(cell_sum[cell]) / (n * disc_area[cell]);
  }
  /// With more than one thread, the thread that takes the samples (take_sample()) one by one
  /// beside the run, at idle priority: they take the time its threads would otherwise wait.
  /// Last, so that it is stopped, its sample finished, before anything it uses goes.
  std::unique_ptr<BesideTheRun> side;
};

// [SECTION] Geometry set-up: grid, zones, cell → zone candidates

Measurement::Impl::Impl(const Scenario& s, std::vector<PolygonWithHoles> w, int threads)
    : scenario(s),
      walkable(std::move(w)),
      grid(walkable, s.measure.cell, threads),
      arena(threads > 1 ? std::make_unique<tbb::task_arena>(threads) : nullptr) {
  window = s.measure.window;
  sample_dt = std::max(Measurement::kSampleInterval, s.step);
  const BgMultiPolygon area = to_bg(walkable);
  const VenueDesc& venue = s.venue;
  for (const ZoneDesc& z : venue.zones) {
    ZoneGeometry g;
    g.polygon = to_bg(z.polygon);
    bg::envelope(g.polygon, g.box);
    g.area = intersection_area(g.polygon, area);
    zones.push_back(std::move(g));
  }
  // The zones of each cell, found per cell in parallel, then laid out flat in cell order.
  const std::size_t cell_count = static_cast<std::size_t>(grid.cell_count());
  const double c = grid.cell_size();
  std::vector<std::vector<ZoneInCell>> zones_of_cell(zones.empty() ? 0 : cell_count);
  parallel(zones_of_cell.size(), 256, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const Vec2 m = grid.centre(static_cast<int>(i));
      const BgBox cell(BgPoint(m.x - 0.5 * c, m.y - 0.5 * c),
                       BgPoint(m.x + 0.5 * c, m.y + 0.5 * c));
      for (std::size_t z = 0; z < zones.size(); ++z) {
        if (bg::disjoint(cell, zones[z].box)) continue;
        BgPolygon cell_polygon;
        bg::convert(cell, cell_polygon);
        const bool covers = bg::covered_by(cell_polygon, zones[z].polygon);
        if (covers || !bg::disjoint(cell, zones[z].polygon))
          zones_of_cell[i].push_back({static_cast<int>(z), covers});
      }
    }
  });
  // Zone sets numbered in cell order of first appearance; set 0 is the empty one.
  std::map<std::vector<std::int32_t>, std::int32_t> set_of;
  set_of[{}] = 0;
  set_zone_begin = {0, 0};
  cell_zones.assign(cell_count, 0);
  edge_zone_begin.assign(cell_count + 1, 0);
  for (std::size_t i = 0; i < cell_count; ++i) {
    edge_zone_begin[i] = static_cast<std::int32_t>(edge_zones.size());
    if (zones_of_cell.empty()) continue;
    std::vector<std::int32_t> covering;
    for (const ZoneInCell& zc : zones_of_cell[i])
      (zc.covers ? covering : edge_zones).push_back(zc.zone);
    const auto [it, added] =
        set_of.emplace(covering, static_cast<std::int32_t>(set_zone_begin.size() - 1));
    if (added) {
      set_zones.insert(set_zones.end(), covering.begin(), covering.end());
      set_zone_begin.push_back(static_cast<std::int32_t>(set_zones.size()));
    }
    cell_zones[i] = it->second;
    if (static_cast<std::size_t>(edge_zone_begin[i]) < edge_zones.size())
      cell_zones[i] |= kEdgeZones;
  }
  edge_zone_begin[cell_count] = static_cast<std::int32_t>(edge_zones.size());
  // Element states at t = 0 as the scenario sets them; the views report every change.
  exit_history.resize(venue.exits.size());
  checkpoint_history.resize(venue.checkpoints.size());
  for (const DoorDesc& d : venue.doors)
    door_history.push_back({d.open, {}});
  exit_crossings.resize(venue.exits.size());
  for (const PopulationDesc& pop : s.populations)
    profile_counts.emplace_back(pop.profiles.size(), 0);
  line_crossings.resize(venue.lines.size());
  line_forward.assign(venue.lines.size(), 0);
  line_backward.assign(venue.lines.size(), 0);
  zone_now.assign(zones.size(), 0);
  zone_peak.assign(zones.size(), 0);
  zone_emptied_at.assign(zones.size(), -std::numeric_limits<double>::infinity());
  zone_occupancy_series.resize(zones.size());
  zone_density_series.resize(zones.size());
  queue_series.resize(venue.checkpoints.size());
  zone_window.resize(zones.size());
  zone_window_sum.assign(zones.size(), 0);
  zone_peak_density.assign(zones.size(), 0.0);
  cell_sum.assign(cell_count, 0);
  // The smoothing disc: cells whose centres are within the radius (a small tolerance keeps
  // centres exactly on the circle, as in a 1 m radius on 1 m cells).
  const int reach = static_cast<int>(std::floor(s.measure.smoothing / c + 1e-9));
  for (int dr = -reach; dr <= reach; ++dr)
    for (int dc = -reach; dc <= reach; ++dc)
      if (std::hypot(dc * c, dr * c) <= s.measure.smoothing + 1e-9 * c) disc.push_back({dc, dr});
  disc_area.assign(cell_count, 0.0);
  for (int i = 0; i < grid.cell_count(); ++i) {
    const int col = i % grid.columns(), row = i / grid.columns();
    for (const auto& [dc, dr] : disc) {
      const int cc = col + dc, rr = row + dr;
      if (cc < 0 || rr < 0 || cc >= grid.columns() || rr >= grid.rows()) continue;
      const int k = rr * grid.columns() + cc;
      if (grid.measured(k)) disc_area[i] += grid.walkable_area(k);
    }
  }
  active_pos.assign(cell_count, -1);
  cell_max.assign(cell_count, 0.0);
  thresholds.assign(kDensityThresholds.begin(), kDensityThresholds.end());
  if (s.criteria.max_density) thresholds.push_back(s.criteria.max_density->limit);
  for (const ZoneDesc& z : venue.zones)
    if (z.max_density) thresholds.push_back(*z.max_density);
  std::sort(thresholds.begin(), thresholds.end());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  const std::size_t cells = cell_count;
  time_above.assign(thresholds.size(), std::vector<double>(cells, 0.0));
  run_now.assign(thresholds.size(), std::vector<std::int32_t>(cells, 0));
  run_longest.assign(thresholds.size(), std::vector<std::int32_t>(cells, 0));
  for (auto* v : {&p_n, &p_vx, &p_vy, &p_v2, &p_density, &p_max, &s_vx, &s_vy})
    v->assign(cells, 0.0);
  s_n.assign(cells, 0);
  s_centre.assign(cells, 0);
  p_active.resize(cells);
  if (threads > 1) side = std::make_unique<BesideTheRun>();
}

Measurement::Measurement(const Scenario& scenario, std::vector<PolygonWithHoles> walkable,
                         int threads)
    : impl_(std::make_unique<Impl>(scenario, std::move(walkable), threads)) {}
Measurement::~Measurement() = default;
Measurement::Measurement(Measurement&&) noexcept = default;
Measurement& Measurement::operator=(Measurement&&) noexcept = default;

// [SECTION] observe(): persons, crossings, zone occupancy, samples

namespace {

/// The measurement with its last sample taken: every reader of the figures goes through it.
template <class Impl>
const Impl& settled(const std::unique_ptr<Impl>& impl) {
  impl->settle();
  return *impl;
}

}  // namespace

void Measurement::observe(const StepView& view) {
  impl_->observe(view);
}

void Measurement::Impl::observe(const StepView& view) {
  STROOM_ASSERT(!observed_any || view.time >= time - kTimeEps);
  time = view.time;
  if (view.alarm_time >= 0.0 && alarm < 0.0) alarm = view.alarm_time;
  const double step_start = std::max(0.0, view.time - view.step);
  // Views without element states (hand-built in tests) leave the histories as they are.
  const auto track = [&](std::vector<ElementHistory>& history, std::span<const std::uint8_t> open) {
    for (std::size_t i = 0; i < open.size() && i < history.size(); ++i) {
      ElementHistory& h = history[i];
      const bool was_open = h.changes.empty() ? h.open_at_start : h.changes.back().second;
      if ((open[i] != 0) != was_open) h.changes.emplace_back(step_start, open[i] != 0);
    }
  };
  stuck.insert(stuck.end(), view.stuck.begin(), view.stuck.end());
  track(exit_history, view.exit_open);
  track(door_history, view.door_open);
  track(checkpoint_history, view.checkpoint_open);

  const auto remember = [&](PersonId id) {
    const auto slot = static_cast<std::size_t>(id);
    if (slot >= known.size()) {
      known.resize(slot + 1, 0);
      entry_time.resize(slot + 1, kNaN);
    }
    if (known[slot]) return false;
    known[slot] = 1;
    entry_time[slot] = step_start;
    ++spawned;
    return true;
  };
  const Sweep seen = sweep(view);
  // Only persons not seen before change the records below; in most steps there are none.
  for (std::size_t k = 0; k < view.ids.size() && seen.unknown > 0; ++k) {
    if (!remember(view.ids[k])) continue;
    if (k < view.profile.size() && view.profile[k] >= 0 && k < view.population.size()) {
      const auto pop = static_cast<std::size_t>(view.population[k]);
      const auto profile = static_cast<std::size_t>(view.profile[k]);
      if (pop < profile_counts.size() && profile < profile_counts[pop].size())
        ++profile_counts[pop][profile];
    }
    if (k >= view.group.size() || view.group[k] == 0) continue;
    const auto g = static_cast<std::size_t>(view.group[k]);
    if (g >= group_members.size()) group_members.resize(g + 1, 0);
    ++group_members[g];
  }
  for (PersonId id : view.spawned)
    remember(id);

  for (const Crossing& c : view.crossings) {
    switch (c.kind) {
      case CrossingKind::exit:
        if (c.element >= 0 && static_cast<std::size_t>(c.element) < exit_crossings.size())
          exit_crossings[c.element].push_back(c.time);
        break;
      case CrossingKind::line:
        if (c.element >= 0 && static_cast<std::size_t>(c.element) < line_crossings.size()) {
          line_crossings[c.element].push_back(c.time);
          ++(c.direction > 0 ? line_forward : line_backward)[c.element];
        }
        break;
      case CrossingKind::door:
      case CrossingKind::checkpoint:
        break;
    }
  }
  for (PersonId id : view.exited) {
    remember(id);
    double t = view.time;
    for (const Crossing& c : view.crossings) {
      if (c.kind == CrossingKind::exit && c.person == id) t = c.time;
    }
    exit_time.push_back(t);
    travel.push_back(t - entry_time[static_cast<std::size_t>(id)]);
    ++exited;
  }
  inside = on_floor_and_indoors(view);

  observe_zones(view, seen.in_zone);

  bool sample = false;
  if (!observed_any) {
    first_sample_time = view.time;
    sample = true;
  } else if (view.time >=
             first_sample_time + static_cast<double>(samples_taken) * sample_dt - kTimeEps) {
    sample = true;
  }
  observed_any = true;
  if (sample) {
    if (side) {
      side->post([this, in = sample_input(view)] {
        on_side_thread = true;
        take_sample(in);
      });
    } else {
      take_sample(sample_input(view));
    }
    // Next sample: the first multiple of sample_dt after this step.
    while (first_sample_time + static_cast<double>(samples_taken) * sample_dt <=
           view.time + kTimeEps)
      ++samples_taken;
  }
}

Measurement::Impl::Sweep Measurement::Impl::sweep(const StepView& view) {
  person_cell.resize(view.ids.size());
  // Integer counts, summed over blocks of persons: the same in any split.
  const auto block = [&](std::size_t begin, std::size_t end, Sweep found) {
    std::int32_t run_set = 0;  // persons next to each other in the view mostly share a set
    std::int64_t run = 0;
    for (std::size_t i = begin; i < end; ++i) {
      const auto id = static_cast<std::size_t>(view.ids[i]);
      found.unknown += id >= known.size() || known[id] == 0;
      const int cell = grid.index_of({view.x[i], view.y[i]});
      person_cell[i] = cell;
      if (zones.empty()) continue;
      const BgPoint bp(view.x[i], view.y[i]);
      const auto check = [&](std::int32_t z) {
        const ZoneGeometry& g = zones[static_cast<std::size_t>(z)];
        if (bg::covered_by(bp, g.box) && bg::covered_by(bp, g.polygon))
          ++found.in_zone[static_cast<std::size_t>(z)];
      };
      if (cell < 0) {
        for (std::size_t z = 0; z < zones.size(); ++z)
          check(static_cast<std::int32_t>(z));
        continue;
      }
      const std::int32_t word = cell_zones[static_cast<std::size_t>(cell)];
      const std::int32_t set = word & ~kEdgeZones;
      if (set != run_set) {
        found.in_set[static_cast<std::size_t>(run_set)] += run;
        run_set = set, run = 0;
      }
      ++run;
      if (word < 0) {
        for (std::int32_t k = edge_zone_begin[static_cast<std::size_t>(cell)];
             k < edge_zone_begin[static_cast<std::size_t>(cell) + 1]; ++k)
          check(edge_zones[static_cast<std::size_t>(k)]);
      }
    }
    if (!zones.empty()) found.in_set[static_cast<std::size_t>(run_set)] += run;
    return found;
  };
  const std::size_t sets = zones.empty() ? 0 : set_zone_begin.size() - 1;
  Sweep seen = reduce(
      view.ids.size(), 4096,
      Sweep{std::vector<std::int64_t>(sets, 0), std::vector<std::int64_t>(zones.size(), 0), 0},
      block, [](Sweep a, const Sweep& b) {
        for (std::size_t k = 0; k < a.in_set.size(); ++k)
          a.in_set[k] += b.in_set[k];
        for (std::size_t z = 0; z < a.in_zone.size(); ++z)
          a.in_zone[z] += b.in_zone[z];
        a.unknown += b.unknown;
        return a;
      });
  for (std::size_t set = 1; set < sets; ++set)
    for (std::int32_t k = set_zone_begin[set]; k < set_zone_begin[set + 1]; ++k)
      seen.in_zone[static_cast<std::size_t>(set_zones[static_cast<std::size_t>(k)])] +=
          seen.in_set[set];
  return seen;
}

void Measurement::Impl::observe_zones(const StepView& view, std::vector<std::int64_t> counts) {
  if (zones.empty()) return;
  for (std::size_t z = 0; z < view.indoors.size() && z < zones.size(); ++z)
    counts[z] += view.indoors[z];  // off the floor, inside the zone
  for (std::size_t z = 0; z < zones.size(); ++z) {
    if (zone_now[z] > 0 && counts[z] == 0) zone_emptied_at[z] = view.time;
    zone_now[z] = counts[z];
    zone_peak[z] = std::max(zone_peak[z], counts[z]);
  }
}

// [SECTION] Samples: moving-window grid densities, peak, time above, levels of service

void Measurement::Impl::activate(int cell, std::int64_t delta) {
  cell_sum[cell] += delta;
  if (cell_sum[cell] > 0 && active_pos[cell] < 0) {
    active_pos[cell] = static_cast<int>(active.size());
    active.push_back(cell);
  }
}

void Measurement::Impl::count_person(int cell, std::int64_t delta) {
  if (disc.size() == 1) {
    activate(cell, delta);
    return;
  }
  const int col = cell % grid.columns(), row = cell / grid.columns();
  for (const auto& [dc, dr] : disc) {
    const int cc = col + dc, rr = row + dr;
    if (cc < 0 || rr < 0 || cc >= grid.columns() || rr >= grid.rows()) continue;
    const int k = rr * grid.columns() + cc;
    if (grid.measured(k)) activate(k, delta);
  }
}

Measurement::Impl::SampleInput Measurement::Impl::sample_input(const StepView& view) const {
  SampleInput in;
  in.time = view.time;
  in.all = on_floor_and_indoors(view);
  in.queue.assign(view.checkpoint_queue.begin(), view.checkpoint_queue.end());
  in.cell.assign(person_cell.begin(),
                 person_cell.begin() + static_cast<std::ptrdiff_t>(view.ids.size()));
  in.vx.assign(view.vx.begin(), view.vx.end());
  in.vy.assign(view.vy.begin(), view.vy.end());
  in.zone_now = zone_now;
  return in;
}

void Measurement::Impl::take_sample(const SampleInput& in) {
  const double t = in.time;
  sample_times.push_back(t);
  inside_series.push_back(static_cast<double>(in.all));
  for (std::size_t k = 0; k < queue_series.size(); ++k)
    queue_series[k].push_back(k < in.queue.size() ? static_cast<double>(in.queue[k]) : 0.0);

  // Persons into measured cells.
  GridSample s;
  s.time = t;
  s.cells.reserve(in.cell.size());
  for (const int cell : in.cell) {
    if (cell >= 0 && grid.measured(cell)) s.cells.push_back(cell);
  }
  for (int cell : s.cells)
    count_person(cell, 1);
  window_samples.push_back(std::move(s));
  PressureSample ps;
  ps.time = t;
  sample_blocks(in, ps);
  add_blocks(ps, 1.0);
  pressure_samples.push_back(std::move(ps));
  while (pressure_samples.size() > 1 &&
         pressure_samples.front().time <= t - Measurement::kPressureWindow + kTimeEps) {
    add_blocks(pressure_samples.front(), -1.0);
    pressure_samples.pop_front();
  }
  for (std::size_t z = 0; z < zones.size(); ++z) {
    zone_window[z].push_back(in.zone_now[z]);
    zone_window_sum[z] += in.zone_now[z];
  }
  // Keep the samples of (t − window, t]; the newest always stays.
  while (window_samples.size() > 1 && window_samples.front().time <= t - window + kTimeEps) {
    for (int cell : window_samples.front().cells)
      count_person(cell, -1);
    window_samples.pop_front();
    for (std::size_t z = 0; z < zones.size(); ++z) {
      zone_window_sum[z] -= zone_window[z].front();
      zone_window[z].pop_front();
    }
  }
  // Drop cells that emptied, keeping the order of the others deterministic.
  for (std::size_t k = 0; k < active.size();) {
    const int cell = active[k];
    if (cell_sum[cell] > 0) {
      ++k;
      continue;
    }
    active_pos[cell] = -1;
    for (auto& run : run_now)
      run[cell] = 0;  // density 0: every unbroken stretch above a threshold ends
    active[k] = active.back();
    active.pop_back();
    if (k < active.size()) active_pos[active[k]] = static_cast<int>(k);
  }

  // Every active cell on its own (in parallel), and the densest of them: the highest density,
  // at the lowest cell among equals (a total order, so the same in any split). It is a new
  // peak only when above the peak so far.
  struct Densest {
    double density = -1.0;
    int cell = -1;
  };
  const auto denser = [](Densest a, Densest b) {
    return b.density > a.density || (b.density == a.density && b.cell < a.cell) ? b : a;
  };
  const Densest densest = reduce(
      active.size(), 2048, Densest{},
      [&](std::size_t begin, std::size_t end, Densest top) {
        for (std::size_t a = begin; a < end; ++a) {
          const int cell = active[a];
          const double d = windowed_density(cell);
          cell_max[cell] = std::max(cell_max[cell], d);
          for (std::size_t k = 0; k < thresholds.size(); ++k) {
            if (d > thresholds[k]) {
              time_above[k][cell] += sample_dt;
              run_longest[k][cell] = std::max(run_longest[k][cell], ++run_now[k][cell]);
            } else {
              run_now[k][cell] = 0;
            }
          }
          top = denser(top, {d, cell});
        }
        return top;
      },
      denser);
  bool new_peak = false;
  if (densest.cell >= 0 && densest.density > peak) {
    peak = densest.density;
    peak_time = t;
    peak_cell = densest.cell;
    new_peak = true;
  }
  if (peak < 0.0) {  // first sample of an empty venue: peak 0 at the first measured cell
    for (int cell = 0; cell < grid.cell_count(); ++cell) {
      if (grid.measured(cell)) {
        peak = 0.0, peak_time = t, peak_cell = cell, new_peak = true;
        break;
      }
    }
  }
  if (new_peak) peak_map = active_densities();
  // The first sample at or after each snapshot time keeps its map.
  const std::vector<double>& snapshot_times = scenario.measure.snapshots;
  while (next_snapshot < snapshot_times.size() && t + kTimeEps >= snapshot_times[next_snapshot]) {
    snapshots.push_back({t, active_densities(), in.zone_now, in.all,
                         in.all - static_cast<std::int64_t>(in.cell.size())});
    ++next_snapshot;
  }
  // Each person's level of service, counted per level (in parallel); the time is then added
  // once per person as before, so the sums keep their bits.
  using LevelCounts = std::array<std::int64_t, kLevelOfServiceCount>;
  const std::vector<int>& sampled = window_samples.back().cells;
  const LevelCounts at_level = reduce(
      sampled.size(), 4096, LevelCounts{},
      [&](std::size_t begin, std::size_t end, LevelCounts counts) {
        for (std::size_t k = begin; k < end; ++k)
          ++counts[static_cast<std::size_t>(
              level_of_service_for_density(windowed_density(sampled[k])))];
        return counts;
      },
      [](LevelCounts a, const LevelCounts& b) {
        for (std::size_t l = 0; l < a.size(); ++l)
          a[l] += b[l];
        return a;
      });
  for (std::size_t l = 0; l < at_level.size(); ++l)
    for (std::int64_t k = 0; k < at_level[l]; ++k)
      los_time[l] += sample_dt;

  update_pressure(t);

  const auto n = static_cast<double>(window_samples.size());
  for (std::size_t z = 0; z < zones.size(); ++z) {
    zone_occupancy_series[z].push_back(static_cast<double>(in.zone_now[z]));
    const double d =
        zones[z].area > 0.0 ? static_cast<double>(zone_window_sum[z]) / (n * zones[z].area) : 0.0;
    zone_density_series[z].push_back(d);
    zone_peak_density[z] = std::max(zone_peak_density[z], d);
  }
}

// [SECTION] Crowd pressure: P = ρ · Var(v) over 3 × 3 cell blocks and kPressureWindow

/// For every measured cell with persons in its 3 × 3 block (the cell and its eight
/// neighbours, measured ones only): the mean velocity and the density of the block.
void Measurement::Impl::sample_blocks(const SampleInput& in, PressureSample& s) {
  s_cells.clear();
  for (std::size_t i = 0; i < in.cell.size(); ++i) {
    const int cell = in.cell[i];
    if (cell < 0 || !grid.measured(cell)) continue;
    if (s_n[cell] == 0) s_cells.push_back(cell);
    ++s_n[cell];
    s_vx[cell] += i < in.vx.size() ? in.vx[i] : 0.0;
    s_vy[cell] += i < in.vy.size() ? in.vy[i] : 0.0;
  }
  // Blocks centred on the occupied cells and their neighbours, each once, ascending: marked
  // in a map of the grid, then read off it in cell order between the first and the last mark,
  // without sorting the nine candidates of every occupied cell.
  const int nx = grid.columns(), ny = grid.rows();
  // f(k) for each measured cell k of the 3 × 3 block centred on cell c.
  const auto each_measured_around = [&](int c, auto&& f) {
    const int cx = c % nx, cy = c / nx;
    for (int dy = -1; dy <= 1; ++dy) {
      for (int dx = -1; dx <= 1; ++dx) {
        const int x = cx + dx, y = cy + dy;
        if (x < 0 || y < 0 || x >= nx || y >= ny) continue;
        const int k = y * nx + x;
        if (grid.measured(k)) f(k);
      }
    }
  };
  int first = std::numeric_limits<int>::max(), last = -1;
  for (int cell : s_cells) {
    each_measured_around(cell, [&](int c) {
      s_centre[static_cast<std::size_t>(c)] = 1;
      first = std::min(first, c);
      last = std::max(last, c);
    });
  }
  std::vector<int>& centres = s_centres;
  centres.clear();
  for (int c = first; c <= last; ++c) {
    if (s_centre[static_cast<std::size_t>(c)] == 0) continue;
    s_centre[static_cast<std::size_t>(c)] = 0;
    centres.push_back(c);
  }
  // Each block on its own (in parallel: it only reads the cells' sums), then the dense ones
  // in the order of their centres.
  s_block_of.resize(centres.size());
  parallel(centres.size(), 2048, [&](std::size_t begin, std::size_t end) {
    for (std::size_t b = begin; b < end; ++b) {
      const int c = centres[b];
      int n = 0;
      double vx = 0.0, vy = 0.0, area = 0.0;
      each_measured_around(c, [&](int k) {
        area += grid.walkable_area(k);
        n += s_n[k];
        vx += s_vx[k];
        vy += s_vy[k];
      });
      // Only dense blocks: below kPressureMinDensity the block's mean velocity changes with
      // who happens to be in it, not with the motion of a crowd.
      const bool dense = n > 0 && area > 0.0 && n / area >= Measurement::kPressureMinDensity;
      s_block_of[b] = dense ? BlockSample{c, vx / n, vy / n, n / area} : BlockSample{-1};
    }
  });
  s.blocks.reserve(centres.size());
  for (const BlockSample& b : s_block_of)
    if (b.cell >= 0) s.blocks.push_back(b);
  for (int cell : s_cells)
    s_n[cell] = 0, s_vx[cell] = 0.0, s_vy[cell] = 0.0;
}

void Measurement::Impl::add_blocks(const PressureSample& s, double sign) {
  for (const BlockSample& b : s.blocks) {
    p_n[b.cell] += sign;
    p_vx[b.cell] += sign * b.vx;
    p_vy[b.cell] += sign * b.vy;
    p_v2[b.cell] += sign * (b.vx * b.vx + b.vy * b.vy);
    p_density[b.cell] += sign * b.density;
    if (sign > 0.0) p_active.insert(b.cell);
  }
}

/// Pressure of every cell with a block sample in the pressure window: the block density
/// averaged over the window times the variance of the block mean velocity over the samples
/// that had persons in the block.
void Measurement::Impl::update_pressure(double t) {
  const auto n = static_cast<double>(pressure_samples.size());
  for (std::size_t k = 0; k < p_active.cells.size();) {
    const int cell = p_active.cells[k];
    const double m = p_n[cell];
    if (m < 0.5) {  // no block sample left in the window
      p_n[cell] = p_vx[cell] = p_vy[cell] = p_v2[cell] = p_density[cell] = 0.0;
      p_active.erase_at(k);
      continue;
    }
    ++k;
    if (m < 1.5) continue;  // one sample has no variance
    const double mx = p_vx[cell] / m, my = p_vy[cell] / m;
    const double var = std::max(0.0, p_v2[cell] / m - mx * mx - my * my);
    const double p = (p_density[cell] / n) * var;
    p_max[cell] = std::max(p_max[cell], p);
    if (p > p_peak || (p == p_peak && p_peak_time == t && cell < p_peak_cell)) {
      p_peak = p;
      p_peak_time = t;
      p_peak_cell = cell;
    }
  }
}

// [SECTION] summarize(): summary.json figures and criteria

namespace {

std::string still_inside_note(std::int64_t inside, double t) {
  return inside == 1 ? tr("1 person still inside at t = {0} s", {display_number(t, 1)})
                     : tr("{0} persons still inside at t = {1} s",
                          {std::to_string(inside), display_number(t, 1)});
}

CriterionResult judge(std::string name, double limit, std::optional<double> value,
                      std::string fail_note) {
  CriterionResult r;
  r.name = std::move(name);
  r.limit = limit;
  r.value = value;
  r.pass = value.has_value() && *value <= limit;
  if (!r.pass) r.note = std::move(fail_note);
  return r;
}

}  // namespace

Summary Measurement::summarize(bool completed, std::int64_t not_entered) const {
  const Impl& m = settled(impl_);
  const Scenario& sc = m.scenario;
  const VenueDesc& venue = sc.venue;
  Summary s;
  s.stroom_version = STROOM_VERSION_STRING;
  s.scenario = sc.name;
  s.file = sc.file;
  s.seed = sc.seed;
  s.model = model_name(sc.model.type);
  s.step = sc.step;
  s.simulated_time = m.time;
  s.completed = completed;
  s.agents.spawned = m.spawned;
  s.agents.exited = m.exited;
  s.agents.inside = m.inside;
  s.agents.not_entered = not_entered;
  if (std::any_of(sc.populations.begin(), sc.populations.end(),
                  [](const PopulationDesc& p) { return p.groups.has_value(); })) {
    Summary::Groups groups;
    for (const std::int64_t n : m.group_members) {
      if (n < 2) continue;
      ++groups.count;
      groups.persons += n;
      ++groups.sizes[static_cast<int>(n)];
    }
    s.groups = groups;
  }
  for (std::size_t p = 0; p < sc.populations.size(); ++p) {
    const PopulationDesc& pop = sc.populations[p];
    if (pop.profiles.empty()) continue;
    std::vector<Summary::ProfileCount> counts;
    for (std::size_t k = 0; k < pop.profiles.size(); ++k)
      counts.push_back({pop.profiles[k].name, pop.profiles[k].share,
                        p < m.profile_counts.size() && k < m.profile_counts[p].size()
                            ? m.profile_counts[p][k]
                            : 0});
    s.profiles.emplace_back(pop.name, std::move(counts));
  }

  // Exits and lines.
  double max_specific_flow = 0.0;
  std::string max_flow_exit;
  for (std::size_t e = 0; e < venue.exits.size(); ++e) {
    std::vector<double> times = m.exit_crossings[e];
    std::sort(times.begin(), times.end());
    ExitFigures f;
    f.count = static_cast<std::int64_t>(times.size());
    if (!times.empty()) f.first = times.front(), f.last = times.back();
    f.peak_flow = peak_rate(times, m.window);
    f.width = venue.exits[e].line.length();
    if (f.width > 0.0 && f.peak_flow / f.width > max_specific_flow) {
      max_specific_flow = f.peak_flow / f.width;
      max_flow_exit = venue.exits[e].name;
    }
    s.exits[venue.exits[e].name] = f;
  }
  for (std::size_t l = 0; l < venue.lines.size(); ++l) {
    std::vector<double> times = m.line_crossings[l];
    std::sort(times.begin(), times.end());
    LineFigures f;
    f.forward = m.line_forward[l];
    f.backward = m.line_backward[l];
    f.peak_flow = peak_rate(times, m.window);
    s.lines[venue.lines[l].name] = f;
  }
  for (std::size_t z = 0; z < venue.zones.size(); ++z) {
    ZoneFigures f;
    f.peak_occupancy = m.zone_peak[z];
    f.peak_density = m.zone_peak_density[z];
    if (venue.zones[z].capacity) f.capacity = *venue.zones[z].capacity;
    f.area = m.zones[z].area;
    s.zones[venue.zones[z].name] = f;
  }
  for (const Impl::Snapshot& snap : m.snapshots) {
    Summary::Snapshot x;
    x.time = snap.time;
    x.inside = snap.inside;
    x.indoors = snap.indoors;
    for (const auto& [cell, d] : snap.cells) {
      if (d > x.densest.value_or(0.0)) {
        x.densest = d;
        const Vec2 c = m.grid.centre(cell);
        x.densest_at = std::vector<double>{c.x, c.y};
      }
    }
    for (std::size_t z = 0; z < venue.zones.size(); ++z)
      x.zones[venue.zones[z].name] = snap.zones[z];
    s.snapshots.push_back(std::move(x));
  }

  // Evacuation.
  const double alarm_or_zero = m.alarm >= 0.0 ? m.alarm : 0.0;
  if (m.alarm >= 0.0) s.evacuation.alarm_time = m.alarm;
  if (!m.exit_time.empty())
    s.evacuation.last_exit_time = *std::max_element(m.exit_time.begin(), m.exit_time.end());
  if (m.inside == 0 && s.evacuation.last_exit_time)
    s.evacuation.evacuation_time = std::max(0.0, *s.evacuation.last_exit_time - alarm_or_zero);

  // Density.
  if (m.peak >= 0.0 && m.peak_cell >= 0) {
    s.density.peak = m.peak;
    s.density.peak_time = m.peak_time;
    const Vec2 c = m.grid.centre(m.peak_cell);
    s.density.peak_at = std::vector<double>{c.x, c.y};
  }
  for (std::size_t k = 0; k < m.thresholds.size(); ++k) {
    Summary::Density::Exceedance e;
    e.threshold = m.thresholds[k];
    std::int32_t longest = 0;
    for (int i = 0; i < m.grid.cell_count(); ++i) {
      if (m.time_above[k][i] <= 0.0) continue;
      e.area += m.grid.walkable_area(i);
      e.area_seconds += m.grid.walkable_area(i) * m.time_above[k][i];
      longest = std::max(longest, m.run_longest[k][i]);
    }
    e.longest = static_cast<double>(longest) * m.sample_dt;
    s.density.exceedance.push_back(e);
  }
  s.stuck.after = kStuckAfter;
  s.stuck.progress = kStuckProgress;
  s.stuck.persons = static_cast<std::int64_t>(m.stuck.size());
  {
    // Places: kStuckPlaceSize squares, keyed by their integer coordinates (ordered, so the
    // result does not depend on the order the persons were reported in).
    std::map<std::pair<std::int64_t, std::int64_t>, Summary::Stuck::Place> places;
    for (const StuckPerson& p : m.stuck) {
      const std::pair<std::int64_t, std::int64_t> key{
          static_cast<std::int64_t>(std::floor(p.x / kStuckPlaceSize)),
          static_cast<std::int64_t>(std::floor(p.y / kStuckPlaceSize))};
      auto [it, fresh] = places.try_emplace(key);
      Summary::Stuck::Place& place = it->second;
      place.since = fresh ? p.since : std::min(place.since, p.since);
      place.x += p.x, place.y += p.y;  // sums until divided below
      ++place.persons;
    }
    for (auto& [key, place] : places) {
      place.x /= static_cast<double>(place.persons);
      place.y /= static_cast<double>(place.persons);
      s.stuck.places.push_back(place);
    }
    std::stable_sort(s.stuck.places.begin(), s.stuck.places.end(),
                     [](const Summary::Stuck::Place& a, const Summary::Stuck::Place& b) {
                       return a.persons != b.persons ? a.persons > b.persons : a.since < b.since;
                     });
    if (s.stuck.places.size() > kStuckPlacesListed) s.stuck.places.resize(kStuckPlacesListed);
  }
  s.pressure.threshold = kCrowdPressureThreshold;
  if (m.samples_taken > 0) {
    s.pressure.peak = std::max(0.0, m.p_peak);
    if (m.p_peak_cell >= 0) {
      s.pressure.peak_time = m.p_peak_time;
      const Vec2 c = m.grid.centre(m.p_peak_cell);
      s.pressure.peak_at = std::vector<double>{c.x, c.y};
    }
    for (int i = 0; i < m.grid.cell_count(); ++i)
      if (m.p_max[i] > kCrowdPressureThreshold) s.pressure.area_above += m.grid.walkable_area(i);
  }

  // Travel times.
  const std::vector<double> travel = travel_times();
  if (!travel.empty()) {
    s.travel_time.mean =
        std::accumulate(travel.begin(), travel.end(), 0.0) / static_cast<double>(travel.size());
    s.travel_time.p50 = percentile(travel, 50.0);
    s.travel_time.p95 = percentile(travel, 95.0);
    s.travel_time.max = travel.back();
  }

  // Criteria, in the order of the scenario format.
  const CriteriaDesc& cr = sc.criteria;
  const std::string inside_note = still_inside_note(m.inside, m.time);
  const auto cannot_clear_note = [&]() -> std::string {
    if (m.inside > 0) return inside_note;
    if (m.spawned == 0) return tr("nobody entered the venue, so there was no evacuation to time");
    return tr("nobody left through an exit");
  };
  if (cr.max_evacuation_time) {
    const double limit = cr.max_evacuation_time->limit;
    const auto& v = s.evacuation.evacuation_time;
    s.criteria.push_back(
        judge("max_evacuation_time", limit, v,
              v ? tr("the last person left {0} s after the limit", {display_number(*v - limit, 1)})
                : cannot_clear_note()));
  }
  if (cr.max_density) {
    const double limit = cr.max_density->limit;
    std::string note = tr("no density sample was taken");
    if (s.density.peak) {
      note = tr("peak {0} P/m² at t = {1} s in the cell centred at {2}",
                {display_number(*s.density.peak, 2), display_number(m.peak_time, 1),
                 tr("({0}, {1})", {display_number((*s.density.peak_at)[0], 1),
                                   display_number((*s.density.peak_at)[1], 1)})});
    }
    s.criteria.push_back(judge("max_density", limit, s.density.peak, note));
  }
  if (cr.all_out_by) {
    const double limit = cr.all_out_by->limit;
    std::optional<double> v;
    if (m.inside == 0 && m.spawned > 0) v = s.evacuation.last_exit_time.value_or(0.0);
    std::string note =
        v ? tr("the last person left at t = {0} s", {display_number(*v, 1)}) : cannot_clear_note();
    if (!v && m.inside > 0 && m.time < limit)
      note += " (" + tr("the run ended before the limit") + ")";
    s.criteria.push_back(judge("all_out_by", limit, v, note));
  }
  if (cr.max_exit_flow) {
    const double limit = cr.max_exit_flow->limit;
    std::optional<double> v;
    if (!venue.exits.empty()) v = max_specific_flow;
    s.criteria.push_back(judge(
        "max_exit_flow", limit, v,
        v ? tr("exit {0} reached {1} P/(m·s) over {2} s",
               {max_flow_exit, display_number(max_specific_flow, 2), display_number(m.window, 0)})
          : tr("the venue has no exits")));
  }
  for (std::size_t z = 0; z < venue.zones.size(); ++z) {
    const ZoneDesc& zd = venue.zones[z];
    if (zd.capacity) {
      const double v = static_cast<double>(m.zone_peak[z]);
      s.criteria.push_back(
          judge("zone:" + zd.name + ":capacity", *zd.capacity, v,
                tr("peak occupancy {0} persons exceeds the capacity of {1}",
                   {std::to_string(m.zone_peak[z]), std::to_string(*zd.capacity)})));
    }
    if (zd.max_density) {
      std::optional<double> v;
      if (m.zones[z].area > 0.0) v = m.zone_peak_density[z];
      s.criteria.push_back(judge("zone:" + zd.name + ":max_density", *zd.max_density, v,
                                 v ? tr("peak zone density {0} P/m² over {1} s",
                                        {display_number(*v, 2), display_number(m.window, 0)})
                                   : tr("the zone has no walkable area")));
    }
  }
  return s;
}

// [SECTION] Series and maps for the report

const Scenario& Measurement::scenario() const {
  return settled(impl_).scenario;
}
const std::vector<PolygonWithHoles>& Measurement::walkable() const {
  return settled(impl_).walkable;
}
const DensityGrid& Measurement::grid() const {
  return settled(impl_).grid;
}
const std::vector<double>& Measurement::sample_times() const {
  return settled(impl_).sample_times;
}
double Measurement::time() const {
  return settled(impl_).time;
}

std::optional<double> Measurement::alarm_time() const {
  if (settled(impl_).alarm < 0.0) return std::nullopt;
  return settled(impl_).alarm;
}

const std::vector<ElementHistory>& Measurement::exit_history() const {
  return settled(impl_).exit_history;
}
const std::vector<ElementHistory>& Measurement::door_history() const {
  return settled(impl_).door_history;
}
const std::vector<ElementHistory>& Measurement::checkpoint_history() const {
  return settled(impl_).checkpoint_history;
}

TimeSeries Measurement::persons_inside() const {
  return {settled(impl_).sample_times, settled(impl_).inside_series};
}
TimeSeries Measurement::zone_occupancy(int zone) const {
  return {settled(impl_).sample_times,
          settled(impl_).zone_occupancy_series.at(static_cast<std::size_t>(zone))};
}
TimeSeries Measurement::zone_density(int zone) const {
  return {settled(impl_).sample_times,
          settled(impl_).zone_density_series.at(static_cast<std::size_t>(zone))};
}
TimeSeries Measurement::checkpoint_queue(int checkpoint) const {
  return {settled(impl_).sample_times,
          settled(impl_).queue_series.at(static_cast<std::size_t>(checkpoint))};
}

namespace {

TimeSeries binned_rate(const std::vector<double>& times, double end, double bin) {
  TimeSeries out;
  if (!(bin > 0.0)) return out;
  double last = end;
  for (double t : times)
    last = std::max(last, t);
  const auto bins = static_cast<std::size_t>(std::max(1.0, std::ceil(last / bin - kTimeEps)));
  out.value.assign(bins, 0.0);
  for (std::size_t b = 0; b < bins; ++b)
    out.time.push_back(static_cast<double>(b) * bin);
  for (double t : times) {
    auto b = static_cast<std::size_t>(std::max(0.0, std::floor(t / bin)));
    if (b >= bins) b = bins - 1;
    out.value[b] += 1.0 / bin;
  }
  return out;
}

}  // namespace

TimeSeries Measurement::exit_flow(int exit, double bin) const {
  return binned_rate(settled(impl_).exit_crossings.at(static_cast<std::size_t>(exit)),
                     settled(impl_).time, bin);
}
TimeSeries Measurement::line_flow(int line, double bin) const {
  return binned_rate(settled(impl_).line_crossings.at(static_cast<std::size_t>(line)),
                     settled(impl_).time, bin);
}
const std::vector<double>& Measurement::exit_crossing_times(int exit) const {
  auto& v = settled(impl_).exit_crossings.at(static_cast<std::size_t>(exit));
  // Crossings arrive in time order within a step and steps in order, so this is sorted;
  // the assertion guards the contract of StepView::crossings.
  STROOM_ASSERT(std::is_sorted(v.begin(), v.end()));
  return v;
}

namespace {

DensityMap empty_map(const DensityGrid& grid, double time) {
  DensityMap map;
  map.columns = grid.columns();
  map.rows = grid.rows();
  map.cell = grid.cell_size();
  map.origin = grid.origin();
  map.time = time;
  map.values.assign(static_cast<std::size_t>(grid.cell_count()), kNaN);
  for (int i = 0; i < grid.cell_count(); ++i) {
    if (grid.measured(i)) map.values[i] = 0.0;
  }
  return map;
}

/// The map of `cells` (active cells and their densities), every other measured cell empty.
DensityMap sparse_map(const DensityGrid& grid, double time,
                      const std::vector<std::pair<int, double>>& cells) {
  DensityMap map = empty_map(grid, time);
  for (const auto& [cell, d] : cells)
    map.values[cell] = d;
  return map;
}

}  // namespace

DensityMap Measurement::peak_density_map() const {
  const Impl& m = settled(impl_);
  if (m.peak < 0.0) return {};
  return sparse_map(m.grid, m.peak_time, m.peak_map);
}

std::vector<DensityMap> Measurement::snapshot_maps() const {
  const Impl& m = settled(impl_);
  std::vector<DensityMap> maps;
  for (const Impl::Snapshot& snap : m.snapshots)
    maps.push_back(sparse_map(m.grid, snap.time, snap.cells));
  return maps;
}

DensityMap Measurement::max_density_map() const {
  const Impl& m = settled(impl_);
  DensityMap map = empty_map(m.grid, m.time);
  for (int i = 0; i < m.grid.cell_count(); ++i) {
    if (m.grid.measured(i)) map.values[i] = m.cell_max[i];
  }
  return map;
}

const std::vector<double>& Measurement::density_thresholds() const {
  return settled(impl_).thresholds;
}

DensityMap Measurement::time_above_map(int threshold) const {
  const Impl& m = settled(impl_);
  const auto& t = m.time_above.at(static_cast<std::size_t>(threshold));
  DensityMap map = empty_map(m.grid, m.time);
  for (int i = 0; i < m.grid.cell_count(); ++i) {
    if (m.grid.measured(i)) map.values[i] = t[i];
  }
  return map;
}

DensityMap Measurement::longest_above_map(int threshold) const {
  const Impl& m = settled(impl_);
  const auto& r = m.run_longest.at(static_cast<std::size_t>(threshold));
  DensityMap map = empty_map(m.grid, m.time);
  for (int i = 0; i < m.grid.cell_count(); ++i) {
    if (m.grid.measured(i)) map.values[i] = static_cast<double>(r[i]) * m.sample_dt;
  }
  return map;
}

DensityMap Measurement::max_pressure_map() const {
  const Impl& m = settled(impl_);
  DensityMap map = empty_map(m.grid, m.time);
  for (int i = 0; i < m.grid.cell_count(); ++i) {
    if (m.grid.measured(i)) map.values[i] = m.p_max[i];
  }
  return map;
}

std::array<double, kLevelOfServiceCount> Measurement::level_of_service_person_time() const {
  return settled(impl_).los_time;
}

std::vector<double> Measurement::travel_times() const {
  std::vector<double> v = settled(impl_).travel;
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<double> Measurement::exit_times() const {
  std::vector<double> v = settled(impl_).exit_time;
  std::sort(v.begin(), v.end());
  return v;
}

std::optional<double> Measurement::zone_clear_time(int zone) const {
  const Impl& m = settled(impl_);
  const auto z = static_cast<std::size_t>(zone);
  if (m.zone_now.at(z) > 0) return std::nullopt;
  const double from = m.alarm >= 0.0 ? m.alarm : 0.0;
  return std::max(from, m.zone_emptied_at[z]);
}

// [SECTION] Building blocks: peak_rate, percentile

double peak_rate(std::span<const double> sorted_times, double window) {
  if (sorted_times.empty() || !(window > 0.0)) return 0.0;
  std::size_t best = 0, j = 0;
  for (std::size_t i = 0; i < sorted_times.size(); ++i) {
    if (j < i) j = i;
    while (j < sorted_times.size() && sorted_times[j] < sorted_times[i] + window)
      ++j;
    best = std::max(best, j - i);
  }
  return static_cast<double>(best) / window;
}

std::optional<double> percentile(std::span<const double> sorted_values, double p) {
  if (sorted_values.empty()) return std::nullopt;
  const double rank =
      std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(sorted_values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, sorted_values.size() - 1);
  const double f = rank - static_cast<double>(lo);
  return sorted_values[lo] + f * (sorted_values[hi] - sorted_values[lo]);
}

}  // namespace stroom
