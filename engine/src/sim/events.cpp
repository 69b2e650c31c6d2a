// System: events. The scenario's events due by now and the what-if events scheduled from
// outside (the viewer) are applied at the start of the step, in that order: an alarm starts
// the evacuation, close/open changes which walls block (and the wall grid and fields that
// depend on it) or whether a checkpoint serves. Events carry the references the loader
// resolved (or Simulation::schedule() did): no name is looked up and nothing here throws.
#include <algorithm>

#include "sim/systems.hpp"
#include "stroom/error.hpp"

namespace stroom::sim {

namespace {

void sound_alarm(const Context& ctx, World& w, const EvacuateDesc& evac) {
  if (w.alarm_time >= 0.0) return;  // one alarm per run; later ones change nothing
  w.alarm_time = w.now;
  w.evacuation_stage = Stage{};
  w.evacuation_stage.kind = Stage::Kind::exit;
  w.evacuation_stage.route = evac.route;
  w.evacuation_stage.exits = evac.exit_indices;
  w.evacuation_premovement = evac.premovement;
  for (std::int32_t s = 0; s < w.people.size(); ++s)
    start_evacuating(ctx, w, s);
  // Arrivals stop: whoever has not entered yet never will.
  for (ArrivalStream& stream : w.arrivals)
    w.not_entered_count += stream.drop_rest();
  w.not_entered_count += static_cast<std::int64_t>(w.waiting.size());
  w.waiting.clear();
}

void set_open(const Context& ctx, World& w, const EventDesc& e, bool open) {
  const int element = e.ref.index;
  WallKind kind = WallKind::exit;
  switch (e.ref.kind) {
    case ElementRef::Kind::exit:
      kind = WallKind::exit;
      w.exit_open[static_cast<std::size_t>(element)] = open ? 1 : 0;
      break;
    case ElementRef::Kind::door:
      kind = WallKind::door;
      w.door_open[static_cast<std::size_t>(element)] = open ? 1 : 0;
      break;
    case ElementRef::Kind::checkpoint:
      // A checkpoint line always blocks; closing it stops the service.
      w.checkpoint_open[static_cast<std::size_t>(element)] = open ? 1 : 0;
      return;
    case ElementRef::Kind::zone:
    case ElementRef::Kind::waypoint:
    case ElementRef::Kind::none:
      STROOM_ASSERT(false && "close/open of an element that is no exit, door or checkpoint");
      return;
  }
  const std::vector<std::uint8_t> old = w.blocking;
  for (const int k : ctx.venue.walls_of(kind, element))
    w.blocking[static_cast<std::size_t>(k)] = open ? 0 : 1;
  if (old == w.blocking) return;
  w.nav.on_blocking_changed(old, w.blocking);
  rebuild_walls(ctx, w);
  // Whoever was heading for a closed exit chooses again at once (route systems, this step).
  if (kind == WallKind::exit && !open) {
    for (std::int32_t s = 0; s < w.people.size(); ++s)
      if (w.people.exit[s] == element) w.people.exit[s] = -1, w.people.lane[s] = -1;
  }
}

void apply_event(const Context& ctx, World& w, EventDesc e) {
  e.at = w.now;
  switch (e.kind) {
    case EventDesc::Kind::evacuate:
      sound_alarm(ctx, w, e.evacuate);
      break;
    case EventDesc::Kind::close:
      set_open(ctx, w, e, false);
      break;
    case EventDesc::Kind::open:
      set_open(ctx, w, e, true);
      break;
  }
  w.applied.push_back(std::move(e));
}

}  // namespace

void start_evacuating(const Context& ctx, World& w, std::int32_t s) {
  People& people = w.people;
  // Premovement is drawn per walking group: its members start together.
  const std::int32_t group = people.group[s];
  RandomStream rng = group != 0
                         ? group_stream(ctx.scenario.seed, group, -1, RandomPurpose::premovement)
                         : RandomStream(ctx.scenario.seed, static_cast<std::uint64_t>(people.id[s]),
                                        RandomPurpose::premovement);
  people.evacuating[s] = 1;
  people.activity[s] = Activity::premovement;
  people.timer[s] = w.now + std::max(0.0, w.evacuation_premovement.sample(rng));
  people.pass_checkpoint[s] = -1;
  people.exit[s] = -1;
  people.lane[s] = -1;
}

void apply_events(const Context& ctx, World& w) {
  const std::vector<EventDesc>& events = ctx.scenario.events;
  while (w.next_event < events.size() && events[w.next_event].at <= w.now + 1e-9) {
    apply_event(ctx, w, events[w.next_event]);
    ++w.next_event;
  }
  std::vector<EventDesc> pending;
  pending.swap(w.scheduled);
  for (const EventDesc& e : pending)
    apply_event(ctx, w, e);
}

}  // namespace stroom::sim
