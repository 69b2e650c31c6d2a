// The simulation: construction, the step pipeline and the public API. The state lives in the
// World, what construction compiled in the Context (world.hpp); each system of the step is a
// free function in its own file (systems.hpp lists them in pipeline order).
#include "stroom/simulation.hpp"

#include <chrono>

#include "sim/systems.hpp"
#include "stroom/error.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {

std::string_view phase_name(Phase phase) {
  switch (phase) {
    case Phase::events:
      return "events";
    case Phase::spawning:
      return "spawning";
    case Phase::neighbour_grid:
      return "neighbour grid";
    case Phase::route:
      return "route";
    case Phase::operational:
      return "operational model";
    case Phase::move:
      return "move and constrain";
    case Phase::crossings:
      return "crossings";
    case Phase::observation:
      return "observation";
  }
  return "?";
}

struct Simulation::Impl {
  sim::Context ctx;
  sim::World world;

  Impl(const Scenario& s, SimulationOptions options) : ctx(s, options.threads), world(ctx) {
    sim::build(ctx, world);
    sim::prepare_arrivals(ctx, world);
    sim::place_initial_people(ctx, world);
  }

  template <class F>
  void timed(Phase phase, F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const auto t1 = std::chrono::steady_clock::now();
    world.profile.seconds[static_cast<int>(phase)] +=
        std::chrono::duration<double>(t1 - t0).count();
  }

  /// One step: the systems in pipeline order (systems.hpp), timed by phase.
  void step() {
    using namespace sim;
    const Context& c = ctx;
    World& w = world;
    w.spawned_ids.clear();
    w.exited_ids.clear();
    w.crossings.clear();
    timed(Phase::events, [&] { apply_events(c, w); });
    timed(Phase::spawning, [&] {
      spawn_arrivals(c, w);
      go_indoors_and_out(c, w);
    });
    timed(Phase::neighbour_grid, [&] { build_neighbour_grid(c, w); });
    timed(Phase::route, [&] {
      choose_attractions(c, w);
      prepare_routes(c, w);
      update_groups(c, w);
      plan_journeys(c, w);
      assign_lanes(c, w);
      serve_checkpoints(c, w);
      keep_groups(c, w);
    });
    w.agent_steps += w.people.size();
    timed(Phase::operational, [&] { compute_velocities(c, w); });
    timed(Phase::move, [&] {
      move_people(c, w);
      limit_exit_flows(c, w);
    });
    timed(Phase::crossings, [&] {
      detect_crossings(c, w);
      commit_step(c, w);
    });
    // The observation phase: the arrays are in slot order and the checkpoint counts were
    // taken by serve_checkpoints(); what is left is the stuck check (once a second).
    timed(Phase::observation, [&] { detect_stuck(c, w); });
    w.now = static_cast<double>(w.step_count + 1) * c.scenario.step;
    ++w.step_count;
    ++w.profile.steps;
  }

  StepView view() const {
    const sim::World& w = world;
    StepView v;
    v.time = w.now;
    v.step = ctx.scenario.step;
    v.ids = w.people.id;
    v.x = w.people.x, v.y = w.people.y, v.vx = w.people.vx, v.vy = w.people.vy;
    v.radius = w.people.radius;
    v.population = w.people.population;
    v.group = w.people.group;
    v.profile = w.people.profile;
    v.crossings = w.crossings;
    v.spawned = w.spawned_ids;
    v.exited = w.exited_ids;
    v.waiting_to_enter = static_cast<int>(w.waiting.size());
    v.checkpoint_queue = w.checkpoint_queue;
    v.wall_blocking = w.blocking;
    v.exit_open = w.exit_open;
    v.door_open = w.door_open;
    v.checkpoint_open = w.checkpoint_open;
    v.stuck = w.stuck;
    v.alarm_time = w.alarm_time;
    v.indoors = w.indoors.by_zone;
    return v;
  }

  bool arrivals_pending() const {
    if (!world.waiting.empty()) return true;
    for (const sim::ArrivalStream& stream : world.arrivals)
      if (!stream.empty()) return true;
    return false;
  }

  bool done() const {
    if (world.now >= ctx.scenario.duration - 1e-9) return true;
    return world.people.size() == 0 && world.indoors.release.empty() && !arrivals_pending();
  }
};

// [SECTION] Public API

Simulation::Simulation(const Scenario& scenario, SimulationOptions options)
    : impl_(std::make_unique<Impl>(scenario, options)) {}
Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

void Simulation::step() {
  if (!done()) impl_->step();
}
bool Simulation::done() const {
  return impl_->done();
}
double Simulation::time() const {
  return impl_->world.now;
}
std::int64_t Simulation::steps() const {
  return impl_->world.step_count;
}
StepView Simulation::view() const {
  return impl_->view();
}
std::span<const Activity> Simulation::activity() const {
  return impl_->world.people.activity;
}
const Scenario& Simulation::scenario() const {
  return impl_->ctx.scenario;
}
const Venue& Simulation::venue() const {
  return impl_->ctx.venue;
}
const Navigation& Simulation::navigation() const {
  return impl_->world.nav;
}
void Simulation::schedule(const EventDesc& event) {
  // Resolved here, not in the step: an event naming no element of the venue is a programmer
  // error of the caller (the viewer offers the venue's own elements) and is dropped.
  EventDesc resolved = event;
  if (!resolve_event(impl_->ctx.scenario.venue, resolved).empty()) {
    STROOM_ASSERT(false && "scheduled event names no exit, door or checkpoint of the venue");
    return;
  }
  impl_->world.scheduled.push_back(std::move(resolved));
}
const std::vector<EventDesc>& Simulation::applied_events() const {
  return impl_->world.applied;
}
std::int64_t Simulation::spawned() const {
  return impl_->world.spawned_count;
}
std::int64_t Simulation::exited() const {
  return impl_->world.exited_count;
}
std::int64_t Simulation::inside() const {
  return impl_->world.people.size() +
         static_cast<std::int64_t>(impl_->world.indoors.release.size());
}
std::int64_t Simulation::waiting_to_enter() const {
  return static_cast<std::int64_t>(impl_->world.waiting.size());
}
std::int64_t Simulation::not_entered() const {
  return impl_->world.not_entered_count +
         (done() ? static_cast<std::int64_t>(impl_->world.waiting.size()) : 0);
}
std::int64_t Simulation::agent_steps() const {
  return impl_->world.agent_steps;
}
const StepProfile& Simulation::profile() const {
  return impl_->world.profile;
}
int Simulation::threads() const {
  return impl_->ctx.workers.threads;
}

}  // namespace stroom
