#include "live_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "colours.hpp"

#include "stroom/measurement.hpp"
#include "stroom/simulation.hpp"

namespace stroom::view {

// [SECTION] RunStatistics

RunStatistics::RunStatistics(const Scenario& scenario, const Bounds& venue_bounds, double interval)
    : interval_(interval), next_sample_(interval), grid_(venue_bounds, scenario.measure.cell) {
  const VenueDesc& v = scenario.venue;
  density_.name = "peak density";
  for (const auto& e : v.exits)
    exit_names_.push_back(e.name);
  for (const auto& c : v.checkpoints)
    checkpoint_names_.push_back(c.name);
}

void RunStatistics::observe(const StepView& view) {
  if (view.time + 1e-9 < next_sample_) return;
  grid_.update(view.x, view.y);
  while (view.time + 1e-9 >= next_sample_) {
    density_.values.push_back(static_cast<float>(grid_.peak()));
    next_sample_ += interval_;
  }
  if (grid_.peak() > peak_density_) {
    peak_density_ = grid_.peak();
    peak_time_ = view.time;
  }
}

namespace {

void copy_values(const std::vector<double>& from, std::vector<float>& to) {
  to.resize(from.size());
  for (std::size_t i = 0; i < from.size(); ++i)
    to[i] = static_cast<float>(from[i]);
}

}  // namespace

void RunStatistics::copy_to(const Measurement& m, Snapshot& s) const {
  s.series_interval = Measurement::kSampleInterval;
  s.inside_series.name = "inside";
  copy_values(m.persons_inside().value, s.inside_series.values);
  // Exit flows in whole seconds: the bin still being filled is left out, so the last value
  // is a full second's flow.
  constexpr double kBin = 1.0;
  const auto complete_bins = static_cast<std::size_t>(std::floor(m.time() / kBin + 1e-9));
  s.exit_flow.resize(exit_names_.size());
  for (std::size_t i = 0; i < exit_names_.size(); ++i) {
    s.exit_flow[i].name = exit_names_[i];
    TimeSeries flow = m.exit_flow(static_cast<int>(i), kBin);
    if (flow.value.size() > complete_bins) flow.value.resize(complete_bins);
    copy_values(flow.value, s.exit_flow[i].values);
  }
  s.checkpoint_queue_series.resize(checkpoint_names_.size());
  for (std::size_t i = 0; i < checkpoint_names_.size(); ++i) {
    s.checkpoint_queue_series[i].name = checkpoint_names_[i];
    copy_values(m.checkpoint_queue(static_cast<int>(i)).value, s.checkpoint_queue_series[i].values);
  }
  s.peak_density_series = density_;
  s.peak_density = peak_density_;
  s.peak_density_time = peak_time_;
}

// [SECTION] Snapshot from the simulation

void fill_snapshot(const Simulation& sim, const RunStatistics& stats,
                   const Measurement& measurement, Snapshot& out) {
  const StepView v = sim.view();
  const std::size_t n = v.ids.size();
  out.time = sim.time();
  out.steps = sim.steps();
  out.done = sim.done();
  out.ids.assign(v.ids.begin(), v.ids.end());
  out.x.assign(v.x.begin(), v.x.end());
  out.y.assign(v.y.begin(), v.y.end());
  out.speed.resize(n);
  out.radius.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.speed[i] = static_cast<float>(std::hypot(v.vx[i], v.vy[i]));
    out.radius[i] = static_cast<float>(v.radius[i]);
  }
  out.population.assign(v.population.begin(), v.population.end());
  out.group.assign(n, 0);
  for (std::size_t i = 0; i < n && i < v.group.size(); ++i)
    out.group[i] = v.group[i];
  // Visitor profiles: the population's profile index mapped to the viewer's name order.
  const std::vector<PopulationDesc>& pops = sim.scenario().populations;
  std::vector<std::string> names;
  for (const PopulationDesc& p : pops)
    for (const ProfileDesc& profile : p.profiles)
      names.push_back(profile.name);
  out.visitor_profile_names = ordered_profile_names(std::move(names));
  out.visitor_profile.assign(n, -1);
  for (std::size_t i = 0; i < n && i < v.profile.size(); ++i) {
    const int pop = v.population[i], k = v.profile[i];
    if (k < 0 || pop < 0 || static_cast<std::size_t>(pop) >= pops.size()) continue;
    const auto& list = pops[static_cast<std::size_t>(pop)].profiles;
    if (static_cast<std::size_t>(k) >= list.size()) continue;
    const auto it = std::find(out.visitor_profile_names.begin(), out.visitor_profile_names.end(),
                              list[static_cast<std::size_t>(k)].name);
    out.visitor_profile[i] = static_cast<std::int32_t>(it - out.visitor_profile_names.begin());
  }
  const auto activity = sim.activity();
  out.activity.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    out.activity[i] = i < activity.size() ? static_cast<std::uint8_t>(activity[i]) : 0;

  const VenueDesc& desc = sim.scenario().venue;
  out.exit_open.assign(v.exit_open.begin(), v.exit_open.end());
  out.door_open.assign(v.door_open.begin(), v.door_open.end());
  out.checkpoint_open.assign(v.checkpoint_open.begin(), v.checkpoint_open.end());
  out.checkpoint_queue.assign(v.checkpoint_queue.begin(), v.checkpoint_queue.end());
  out.checkpoint_queue.resize(desc.checkpoints.size(), 0);

  out.spawned = sim.spawned();
  out.exited = sim.exited();
  out.inside = sim.inside();
  out.waiting = sim.waiting_to_enter();
  out.not_entered = sim.not_entered();
  out.alarm_time = v.alarm_time;
  stats.copy_to(measurement, out);
  out.applied_events = sim.applied_events();

  const StepProfile& p = sim.profile();
  out.profile_ms.resize(kPhaseCount);
  out.profile_names.resize(kPhaseCount);
  for (int i = 0; i < kPhaseCount; ++i) {
    out.profile_ms[i] = p.steps > 0 ? 1000.0 * p.seconds[i] / static_cast<double>(p.steps) : 0.0;
    out.profile_names[i] = std::string(phase_name(static_cast<Phase>(i)));
  }
}

void simulate_to(const Scenario& scenario, double at, int threads, Snapshot& out) {
  Simulation sim(scenario, SimulationOptions{.threads = threads});
  RunStatistics stats(scenario, sim.venue().bounds());
  Measurement measurement(scenario, sim.venue(), sim.threads());
  measurement.observe(sim.view());
  const double eps = 0.25 * scenario.step;
  while (!sim.done() && sim.time() + eps < at) {
    sim.step();
    measurement.observe(sim.view());
    stats.observe(sim.view());
  }
  fill_snapshot(sim, stats, measurement, out);
  out.summary = measurement.summarize(sim.done(), sim.not_entered());
}

// [SECTION] LiveRun

LiveRun::LiveRun(Scenario scenario, int threads)
    : scenario_(std::move(scenario)), threads_(threads), worker_([this] { run(); }) {}

LiveRun::~LiveRun() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void LiveRun::set_playing(bool playing) {
  {
    std::lock_guard lock(mutex_);
    playing_ = playing;
    timing_reset_ = true;
  }
  wake_.notify_all();
}

void LiveRun::step_once() {
  {
    std::lock_guard lock(mutex_);
    ++steps_requested_;
  }
  wake_.notify_all();
}

void LiveRun::set_speed(double factor) {
  {
    std::lock_guard lock(mutex_);
    speed_ = factor;
    timing_reset_ = true;
  }
  wake_.notify_all();
}

void LiveRun::schedule(const EventDesc& event) {
  {
    std::lock_guard lock(mutex_);
    pending_events_.push_back(event);
  }
  wake_.notify_all();
}

void LiveRun::run() {
  using Clock = std::chrono::steady_clock;
  Snapshot back;
  std::unique_ptr<Simulation> sim;
  std::unique_ptr<RunStatistics> stats;
  std::unique_ptr<Measurement> measurement;
  try {
    sim = std::make_unique<Simulation>(scenario_, SimulationOptions{.threads = threads_});
    stats = std::make_unique<RunStatistics>(scenario_, sim->venue().bounds());
    measurement = std::make_unique<Measurement>(scenario_, sim->venue());
    measurement->observe(sim->view());
    fill_snapshot(*sim, *stats, *measurement, back);
    back.summary = measurement->summarize(false, sim->not_entered());
  } catch (const std::exception& e) {
    back.error = e.what();
    back.done = true;
    exchange_.publish(back);
    return;
  }
  std::optional<Summary> first_summary = back.summary;
  exchange_.publish(back);
  back.summary = first_summary;

  Clock::time_point wall_start = Clock::now(), last_publish = wall_start, last_summary = wall_start;
  double sim_start = sim->time();
  double rate_sim = sim->time();
  Clock::time_point rate_wall = wall_start;
  double realtime_factor = 0.0;
  std::optional<Summary> summary_cache = back.summary;
  constexpr auto kPublishEvery = std::chrono::milliseconds(16);

  for (;;) {
    bool single = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] {
        return stop_ || steps_requested_ > 0 || !pending_events_.empty() ||
               (playing_ && !sim->done());
      });
      if (stop_) return;
      for (const EventDesc& e : pending_events_)
        sim->schedule(e);
      pending_events_.clear();
      if (steps_requested_ > 0) {
        --steps_requested_;
        single = true;
      }
      if (timing_reset_) {
        wall_start = Clock::now();
        sim_start = sim->time();
        timing_reset_ = false;
      }
    }
    if (!single && !playing_) continue;  // only events arrived: applied with the next step
    if (sim->done()) {
      continue;
    }
    const double speed = speed_.load();
    if (!single && speed > 0.0) {
      // Stay on the wall-clock schedule: sleep until this step is due.
      const double due = (sim->time() - sim_start) / speed;
      const auto due_at = wall_start + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(due));
      if (due_at > Clock::now()) {
        std::unique_lock lock(mutex_);
        wake_.wait_until(lock, due_at, [&] { return stop_ || timing_reset_; });
        continue;
      }
    }
    try {
      sim->step();
      measurement->observe(sim->view());
      stats->observe(sim->view());
    } catch (const std::exception& e) {
      back.error = e.what();
      back.done = true;
      playing_ = false;
      exchange_.publish(back);
      continue;
    }
    const auto now = Clock::now();
    if (now - rate_wall > std::chrono::milliseconds(500)) {
      realtime_factor =
          (sim->time() - rate_sim) / std::chrono::duration<double>(now - rate_wall).count();
      rate_wall = now;
      rate_sim = sim->time();
    }
    if (single || sim->done() || now - last_publish >= kPublishEvery) {
      fill_snapshot(*sim, *stats, *measurement, back);
      back.realtime_factor = realtime_factor;
      // The summary (percentiles, criteria) costs more than a snapshot: about once a second.
      if (single || sim->done() || now - last_summary >= std::chrono::seconds(1)) {
        back.summary = measurement->summarize(sim->done(), sim->not_entered());
        last_summary = now;
      } else {
        back.summary = summary_cache;
      }
      summary_cache = back.summary;
      exchange_.publish(back);
      last_publish = now;
      if (sim->done()) playing_ = false;
    }
  }
}

}  // namespace stroom::view
