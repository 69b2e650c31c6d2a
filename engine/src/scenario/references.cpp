// References resolved once: every name a journey step, spawn area or event uses becomes the
// kind and index of the venue element it names (stroom/scenario.hpp: ElementRef, exit index
// lists, zone indices). The loader calls resolve_references() after validation, so its
// diagnostics have already reported unknown names; the Simulation calls it again on its own
// copy at construction (a scenario built in code has names only). Nothing after that looks a
// name up.
#include <string>
#include <vector>

#include "stroom/error.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {

namespace {

template <typename List>
int index_of(const List& list, const std::string& name) {
  for (std::size_t k = 0; k < list.size(); ++k)
    if (list[k].name == name) return static_cast<int>(k);
  return -1;
}

/// Exit indices of `names`; an unknown name is reported at `where`.
std::vector<int> exit_indices(const VenueDesc& v, const std::vector<std::string>& names,
                              const SourceLocation& where, std::vector<Diagnostic>& problems) {
  std::vector<int> out;
  for (const std::string& name : names) {
    const int e = index_of(v.exits, name);
    if (e < 0)
      problems.push_back(Diagnostic{where, "unknown exit '" + name + "'"});
    else
      out.push_back(e);
  }
  return out;
}

void resolve_area(const VenueDesc& v, AreaRef& area, std::vector<Diagnostic>& problems) {
  area.zone_index = -1;
  if (area.zone.empty()) return;
  area.zone_index = index_of(v.zones, area.zone);
  if (area.zone_index < 0)
    problems.push_back(Diagnostic{area.where, "unknown zone '" + area.zone + "'"});
}

}  // namespace

std::optional<ElementRef> find_element(const VenueDesc& v, const std::string& name,
                                       std::initializer_list<ElementRef::Kind> kinds) {
  for (const ElementRef::Kind kind : kinds) {
    int k = -1;
    switch (kind) {
      case ElementRef::Kind::exit:
        k = index_of(v.exits, name);
        break;
      case ElementRef::Kind::door:
        k = index_of(v.doors, name);
        break;
      case ElementRef::Kind::checkpoint:
        k = index_of(v.checkpoints, name);
        break;
      case ElementRef::Kind::zone:
        k = index_of(v.zones, name);
        break;
      case ElementRef::Kind::waypoint:
        k = index_of(v.waypoints, name);
        break;
      case ElementRef::Kind::none:
        break;
    }
    if (k >= 0) return ElementRef{kind, k};
  }
  return std::nullopt;
}

std::vector<Diagnostic> resolve_event(const VenueDesc& v, EventDesc& e) {
  std::vector<Diagnostic> problems;
  using K = ElementRef::Kind;
  switch (e.kind) {
    case EventDesc::Kind::evacuate:
      e.ref = ElementRef{};
      e.evacuate.exit_indices = exit_indices(v, e.evacuate.exits, e.where, problems);
      break;
    case EventDesc::Kind::close:
    case EventDesc::Kind::open:
      if (const auto ref = find_element(v, e.target, {K::exit, K::door, K::checkpoint})) {
        e.ref = *ref;
      } else {
        e.ref = ElementRef{};
        problems.push_back(
            Diagnostic{e.where, "unknown exit, door or checkpoint '" + e.target + "'"});
      }
      break;
  }
  return problems;
}

void resolve_references(Scenario& s) {
  using K = ElementRef::Kind;
  const VenueDesc& v = s.venue;
  std::vector<Diagnostic> problems;
  for (PopulationDesc& pop : s.populations) {
    resolve_area(v, pop.in, problems);
    if (pop.arrive) resolve_area(v, pop.arrive->in, problems);
    for (JourneyStep& step : pop.journey) {
      step.ref = ElementRef{};
      step.exit_indices = exit_indices(v, step.exits, step.where, problems);
      for (AttractionDesc& a : step.attractions) {
        if (const auto ref = find_element(v, a.target, {K::zone, K::waypoint})) {
          a.ref = *ref;
        } else {
          a.ref = ElementRef{};
          problems.push_back(Diagnostic{
              a.where, "unknown attraction '" + a.target + "' (not a zone or waypoint)"});
        }
      }
      if (step.kind != JourneyStep::Kind::to) continue;
      // A name is unique among all elements; the order only decides what a broken
      // hand-built scenario with a duplicate name would get.
      if (const auto ref =
              find_element(v, step.target, {K::waypoint, K::zone, K::door, K::checkpoint})) {
        step.ref = *ref;
      } else {
        problems.push_back(Diagnostic{step.where, "unknown journey target '" + step.target +
                                                      "' (not a waypoint, zone, door or "
                                                      "checkpoint)"});
      }
    }
  }
  for (EventDesc& e : s.events) {
    std::vector<Diagnostic> more = resolve_event(v, e);
    problems.insert(problems.end(), more.begin(), more.end());
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
}

}  // namespace stroom
