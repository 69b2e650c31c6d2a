// Scenario loading: YAML text → validated stroom::Scenario (shared spec scenario-v1).
//
//   text ──YAML::Load──► tree ──venue include──► tree ──--set overrides──► tree
//        ──ScenarioReader (one pass, every problem collected)──► Scenario or ScenarioError
//
// Includes and overrides edit the YAML tree before validation, so an overridden or included
// value is checked exactly like one written in the scenario file. The reader walks the
// contract section by section; cross references (journey targets, event targets, exit
// lists, spawn zones) are checked against the names the venue declared.
#include "stroom/scenario_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "scenario/limits.hpp"
#include "scenario/yaml_reader.hpp"
#include "stroom/profiles.hpp"

namespace stroom {
namespace {

using scenario_detail::Bound;
using scenario_detail::did_you_mean;
using scenario_detail::Field;
using scenario_detail::format_number;
using scenario_detail::MapFields;
using scenario_detail::YamlReader;

constexpr double kMaxStep = 0.2;  // s: the models are validated up to this step

// [SECTION] The reader

enum class ElementKind { exit, door, checkpoint, zone, waypoint, line, obstacle };

const char* element_kind_name(ElementKind kind) {
  switch (kind) {
    case ElementKind::exit:
      return "exit";
    case ElementKind::door:
      return "door";
    case ElementKind::checkpoint:
      return "checkpoint";
    case ElementKind::zone:
      return "zone";
    case ElementKind::waypoint:
      return "waypoint";
    case ElementKind::line:
      return "line";
    case ElementKind::obstacle:
      return "obstacle";
  }
  return "element";
}

class ScenarioReader {
 public:
  ScenarioReader(YamlReader& reader, std::string venue_file)
      : r_(reader), main_file_(reader.file()), venue_file_(std::move(venue_file)) {}

  Scenario read(const YAML::Node& root);
  /// A venue include read on its own (its root is the venue map).
  VenueDesc read_venue_only(const YAML::Node& root) {
    VenueDesc venue;
    read_venue(r_.field(root, "venue"), venue);
    return venue;
  }

  /// Which parts were read without a problem (ScenarioDraft), known after read().
  struct Completeness {
    bool area = false;   ///< the venue map, every walkable polygon and every obstacle
    bool exits = false;  ///< every exit
    bool events = true;  ///< every event (true when there are none)
    std::vector<bool> populations;
  };
  const Completeness& completeness() const { return read_; }

 private:
  void read_version(MapFields& top);
  void read_time(const Field& f, Scenario& s);
  void read_model(const Field& f, ModelDesc& model);
  void read_venue(const Field& f, VenueDesc& venue);
  void read_underlay(const Field& f, VenueDesc& venue);
  void read_population(const Field& f, PopulationDesc& population);
  std::optional<GroupsDesc> read_groups(const Field& f);
  void read_profiles(const Field& f, PopulationDesc& population);
  std::optional<AreaRef> read_area(const Field& f);
  std::optional<ArrivalDesc> read_arrival(const Field& f);
  std::optional<JourneyStep> read_journey_step(const Field& f);
  std::optional<JourneyStep> read_visit(const Field& f);
  std::optional<AttractionDesc> read_attraction(const Field& f);
  std::optional<std::vector<std::string>> read_exit_list(const Field& f);
  std::optional<EventDesc> read_event(const Field& f);
  void read_criteria(const Field& f, CriteriaDesc& criteria);
  void read_measure(const Field& f, MeasureDesc& measure);
  void read_output(const Field& f, OutputDesc& output);
  void read_report(const Field& f, ReportDesc& report);

  /// Index into `choices` of a text value, reporting anything else.
  std::optional<std::size_t> choice(const Field& f, const std::vector<std::string>& choices);
  std::optional<int> count_value(const Field& f, std::int64_t minimum);
  /// Records a venue element name; reports a name already taken.
  void declare(const Field& name_field, const std::string& name, ElementKind kind);
  /// Checks that `name` is a venue element of one of `kinds`; reports otherwise.
  bool refer(const Field& f, const std::string& name, std::initializer_list<ElementKind> kinds,
             const char* expected);
  template <typename Element, typename ReadOne>
  void read_list(const MapFields& map, const char* key, std::vector<Element>& out,
                 ReadOne read_one);

  YamlReader& r_;
  std::string main_file_;
  std::string venue_file_;  ///< file the venue map came from (an include), or empty
  struct Declared {
    ElementKind kind;
    SourceLocation where;
  };
  std::map<std::string, Declared> names_;
  std::map<std::string, SourceLocation> population_names_;
  bool venue_known_ = false;  ///< false: skip reference checks (the venue itself is broken)
  Completeness read_;
};

std::optional<std::size_t> ScenarioReader::choice(const Field& f,
                                                  const std::vector<std::string>& choices) {
  std::string allowed;
  for (const auto& c : choices)
    allowed += (allowed.empty() ? "" : " | ") + c;
  if (f.value.IsScalar()) {
    const std::string& value = f.value.Scalar();
    const auto it = std::find(choices.begin(), choices.end(), value);
    if (it != choices.end()) return static_cast<std::size_t>(it - choices.begin());
    r_.error(f, "'" + value + "' is not allowed" + did_you_mean(value, choices) +
                    "; allowed: " + allowed);
    return std::nullopt;
  }
  r_.error(f, "expected one of " + allowed + ", got " + scenario_detail::describe(f.value));
  return std::nullopt;
}

std::optional<int> ScenarioReader::count_value(const Field& f, std::int64_t minimum) {
  const auto value = r_.integer(f);
  if (!value) return std::nullopt;
  if (*value < minimum || *value > 100'000'000) {
    r_.error(f, "must be a whole number between " + std::to_string(minimum) +
                    " and 100000000, got " + std::to_string(*value));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

void ScenarioReader::declare(const Field& name_field, const std::string& name, ElementKind kind) {
  const auto [it, inserted] = names_.emplace(name, Declared{kind, name_field.where});
  if (inserted) return;
  const SourceLocation& first = it->second.where;
  r_.error(name_field, "name '" + name + "' is already used by the " +
                           element_kind_name(it->second.kind) +
                           (first.line > 0 ? " at " + first.file + ":" + std::to_string(first.line)
                                           : std::string{}) +
                           "; exits, doors, checkpoints, zones, waypoints, lines and obstacles "
                           "need unique names");
}

bool ScenarioReader::refer(const Field& f, const std::string& name,
                           std::initializer_list<ElementKind> kinds, const char* expected) {
  if (!venue_known_) return true;
  const auto it = names_.find(name);
  if (it != names_.end() && std::find(kinds.begin(), kinds.end(), it->second.kind) != kinds.end()) {
    return true;
  }
  std::vector<std::string> candidates;
  for (const auto& [candidate, declared] : names_) {
    if (std::find(kinds.begin(), kinds.end(), declared.kind) != kinds.end()) {
      candidates.push_back(candidate);
    }
  }
  std::string message = "'" + name + "' is not " + expected + " of the venue";
  if (it != names_.end())
    message += " (it is a " + std::string(element_kind_name(it->second.kind)) + ")";
  r_.error(f, message + did_you_mean(name, candidates));
  return false;
}

template <typename Element, typename ReadOne>
void ScenarioReader::read_list(const MapFields& map, const char* key, std::vector<Element>& out,
                               ReadOne read_one) {
  const Field list = map.get(key);
  if (!list.present()) return;
  if (!r_.expect_sequence(list, "a list of maps")) return;
  for (std::size_t i = 0; i < list.value.size(); ++i) {
    const Field item = r_.element(list, i);
    Element element;
    element.where = item.where;
    if (read_one(item, element)) out.push_back(std::move(element));
  }
}

// [SECTION] Top level

Scenario ScenarioReader::read(const YAML::Node& root) {
  Scenario s;
  s.file = main_file_;
  const Field top_field = r_.field(root, "");
  if (!root.IsMap()) {
    r_.error_at({main_file_, 1, 1},
                "a scenario is a YAML map (stroom, name, time, venue, "
                "populations, ...), got " +
                    scenario_detail::describe(root));
    return s;
  }
  const std::size_t before_top = r_.diagnostics().size();
  MapFields top(r_, top_field,
                {"stroom", "name", "seed", "time", "model", "venue", "populations", "events",
                 "criteria", "measure", "output", "report"});
  // An unknown or duplicate key may be the events list misspelt: then a door opened by one
  // of its events would count as closed.
  const bool top_keys_read = r_.diagnostics().size() == before_top;
  read_version(top);

  if (const auto name = r_.text(top.require("name"))) s.name = *name;
  if (const Field seed = top.get("seed"); seed.present()) {
    const auto value = r_.integer(seed);
    if (value && *value < 0) {
      r_.error(seed, "must be a whole number >= 0, got " + std::to_string(*value));
    } else if (value) {
      s.seed = static_cast<std::uint64_t>(*value);
    }
  }
  read_time(top.require("time"), s);
  if (const Field model = top.get("model"); model.present()) read_model(model, s.model);

  // The venue first: populations, journeys and events refer to its names.
  // A venue that is still text is an include that could not be read (already reported).
  if (const Field venue = top.require("venue"); venue.present() && !venue.value.IsScalar()) {
    if (!venue_file_.empty()) r_.set_file(venue_file_);
    read_venue(r_.field(venue.value, "venue"), s.venue);
    r_.set_file(main_file_);
  }

  const Field populations = top.require("populations");
  if (populations.present() && r_.expect_sequence(populations, "a list of populations")) {
    if (populations.value.size() == 0) {
      r_.error(populations, "at least one population is needed");
    }
    for (std::size_t i = 0; i < populations.value.size(); ++i) {
      const Field item = r_.element(populations, i);
      PopulationDesc population;
      population.where = item.where;
      const std::size_t before = r_.diagnostics().size();
      read_population(item, population);
      read_.populations.push_back(r_.diagnostics().size() == before);
      s.populations.push_back(std::move(population));
    }
  }

  if (const Field events = top.get("events"); events.present()) {
    const std::size_t before = r_.diagnostics().size();
    if (r_.expect_sequence(events, "a list of events")) {
      for (std::size_t i = 0; i < events.value.size(); ++i) {
        if (auto event = read_event(r_.element(events, i))) s.events.push_back(std::move(*event));
      }
    }
    read_.events = r_.diagnostics().size() == before;
    std::stable_sort(s.events.begin(), s.events.end(),
                     [](const EventDesc& a, const EventDesc& b) { return a.at < b.at; });
  }
  read_.events = read_.events && top_keys_read;
  if (const Field criteria = top.get("criteria"); criteria.present()) {
    read_criteria(criteria, s.criteria);
  }
  if (const Field measure = top.get("measure"); measure.present()) read_measure(measure, s.measure);
  if (const Field output = top.get("output"); output.present()) read_output(output, s.output);
  if (const Field report = top.get("report"); report.present()) read_report(report, s.report);
  // Limits that combine values (scenario/limits.cpp), once every value is known to be valid.
  if (!r_.has_errors()) scenario_detail::check_combined_limits(r_, s, root, venue_file_);
  return s;
}

void ScenarioReader::read_version(MapFields& top) {
  const Field version = top.require("stroom");
  if (!version.present()) return;
  const auto value = r_.integer(version);
  if (value && *value != 1) {
    r_.error(version, "unsupported format version " + std::to_string(*value) +
                          "; this Stroom reads version 1 (write 'stroom: 1')");
  }
}

void ScenarioReader::read_time(const Field& f, Scenario& s) {
  if (!f.present()) return;
  MapFields time(r_, f, {"step", "duration"});
  if (!time.ok()) return;
  if (const Field step = time.get("step"); step.present()) {
    const auto value = r_.number(step);
    if (value && (*value <= 0.0 || *value > kMaxStep)) {
      r_.error(step, "must be > 0 and <= 0.2 s, got " + format_number(*value));
    } else if (value) {
      s.step = *value;
    }
  }
  if (const auto duration = r_.number_above(time.require("duration"), 0.0, false, " s")) {
    s.duration = *duration;
  }
}

void ScenarioReader::read_model(const Field& f, ModelDesc& model) {
  // Every key of every model in the table of models (stroom/model_params.hpp) is allowed
  // here; whether it belongs to the chosen model is checked below.
  std::vector<std::string> allowed = {"type"};
  std::vector<std::string> names;
  for (const ModelInfo& m : kModels) {
    names.emplace_back(m.name);
    for (const ModelParamKey& p : m.params) {
      if (std::find(allowed.begin(), allowed.end(), p.key) == allowed.end())
        allowed.emplace_back(p.key);
    }
  }
  MapFields map(r_, f, allowed);
  if (!map.ok()) return;
  const ModelInfo* info = &model_info(model.type);
  if (const Field type_field = map.get("type"); type_field.present()) {
    model.where = type_field.where;
    const std::optional<std::size_t> type = choice(type_field, names);
    info = type ? &kModels[*type] : nullptr;
  }
  if (info != nullptr) model.type = info->type;
  for (const auto& key : map.keys()) {
    if (key == "type") continue;
    const Field param = map.get(key);
    // Positive, except where the parameter's limit admits 0 (an extension switched off).
    const scenario_detail::Limit* limit = scenario_detail::limit_for("model." + key);
    const auto value = r_.number_above(param, 0.0, limit != nullptr && limit->admits(0.0), "");
    if (info == nullptr)
      continue;  // the type itself is wrong: which model the key belongs to is moot
    const auto it = std::find_if(info->params.begin(), info->params.end(),
                                 [&](const ModelParamKey& p) { return key == p.key; });
    if (it == info->params.end()) {
      std::string owners;
      for (const ModelInfo& m : kModels) {
        for (const ModelParamKey& p : m.params) {
          if (key == p.key) owners += std::string(owners.empty() ? "" : " or ") + m.name;
        }
      }
      r_.error(param, "is a parameter of " + owners + ", not of model.type " + info->name);
      continue;
    }
    if (value) it->field(model) = *value;
  }
}

// [SECTION] Venue

void ScenarioReader::read_venue(const Field& f, VenueDesc& venue) {
  venue.where = f.where;
  const std::size_t before_keys = r_.diagnostics().size();
  MapFields map(r_, f,
                {"setting", "walkable", "obstacles", "exits", "doors", "checkpoints", "zones",
                 "waypoints", "lines", "origin", "underlay"});
  if (!map.ok()) return;
  venue_known_ = true;
  // An unknown or duplicate key may be an element list misspelt (`exit:`, `obstacle:`): then
  // the walkable area or the exits are not known in full.
  const bool keys_read = r_.diagnostics().size() == before_keys;

  if (const Field setting = map.get("setting"); setting.present()) {
    if (const auto value = choice(setting, {"building", "tent", "open-air"}))
      venue.setting = static_cast<VenueSetting>(*value);
  }

  if (const Field origin = map.get("origin"); origin.present()) {
    // Metadata for import and export (docs/scenario-format.md, "venue.origin").
    MapFields fields(r_, origin, {"x", "y", "crs"});
    if (fields.ok()) {
      VenueOrigin value;
      value.where = origin.where;
      const auto x = r_.number(fields.require("x"));
      const auto y = r_.number(fields.require("y"));
      std::optional<std::string> crs = std::string();
      if (const Field crs_field = fields.get("crs"); crs_field.present()) crs = r_.text(crs_field);
      if (x && y && crs) {
        value.x = *x;
        value.y = *y;
        value.crs = *crs;
        venue.origin = std::move(value);
      }
    }
  }

  if (const Field underlay = map.get("underlay"); underlay.present())
    read_underlay(underlay, venue);

  const std::size_t before_area = r_.diagnostics().size();
  const Field walkable = map.require("walkable");
  if (walkable.present() &&
      r_.expect_sequence(walkable, "a list of polygons (each a list of points [x, y])")) {
    if (walkable.value.size() == 0) r_.error(walkable, "at least one polygon is needed");
    for (std::size_t i = 0; i < walkable.value.size(); ++i) {
      const Field item = r_.element(walkable, i);
      if (auto polygon = r_.polygon(item)) {
        venue.walkable.push_back(std::move(*polygon));
        venue.walkable_where.push_back(item.where);
      }
    }
  }

  const auto named = [&](MapFields& element, ElementKind kind, std::string& name) {
    const Field name_field = element.require("name");
    if (!name_field.present()) return false;
    const auto value = r_.text(name_field);
    if (!value) return false;
    name = *value;
    declare(name_field, name, kind);
    return true;
  };

  read_list(map, "obstacles", venue.obstacles, [&](const Field& item, ObstacleDesc& obstacle) {
    MapFields element(r_, item, {"name", "polygon"});
    if (!element.ok()) return false;
    if (element.has("name")) named(element, ElementKind::obstacle, obstacle.name);
    auto polygon = r_.polygon(element.require("polygon"));
    if (polygon) obstacle.polygon = std::move(*polygon);
    return polygon.has_value();
  });
  read_.area = keys_read && walkable.present() && r_.diagnostics().size() == before_area;
  const std::size_t before_exits = r_.diagnostics().size();
  read_list(map, "exits", venue.exits, [&](const Field& item, ExitDesc& exit) {
    MapFields element(r_, item, {"name", "line", "max_flow"});
    if (!element.ok()) return false;
    const bool has_name = named(element, ElementKind::exit, exit.name);
    const auto line = r_.segment(element.require("line"));
    if (line) exit.line = *line;
    bool ok = has_name && line;
    if (const Field max_flow = element.get("max_flow"); max_flow.present()) {
      exit.max_flow = r_.number_above(max_flow, 0.0, false, " persons/(m·s)");
      ok = ok && exit.max_flow;
    }
    return ok;
  });
  read_.exits = keys_read && r_.diagnostics().size() == before_exits;
  read_list(map, "doors", venue.doors, [&](const Field& item, DoorDesc& door) {
    MapFields element(r_, item, {"name", "line", "open"});
    if (!element.ok()) return false;
    const bool has_name = named(element, ElementKind::door, door.name);
    const auto line = r_.segment(element.require("line"));
    if (line) door.line = *line;
    bool ok = has_name && line;
    if (const Field open = element.get("open"); open.present()) {
      const auto value = r_.boolean(open);
      if (value) door.open = *value;
      ok = ok && value;
    }
    return ok;
  });
  read_list(map, "checkpoints", venue.checkpoints,
            [&](const Field& item, CheckpointDesc& checkpoint) {
              MapFields element(r_, item, {"name", "line", "lanes", "service"});
              if (!element.ok()) return false;
              bool ok = named(element, ElementKind::checkpoint, checkpoint.name);
              const auto line = r_.segment(element.require("line"));
              if (line) checkpoint.line = *line;
              ok = ok && line;
              if (const Field lanes = element.get("lanes"); lanes.present()) {
                const auto value = count_value(lanes, 1);
                if (value) checkpoint.lanes = *value;
                ok = ok && value;
              }
              const auto service = r_.distribution(element.require("service"), Bound::non_negative);
              if (service) checkpoint.service = *service;
              return ok && service;
            });
  read_list(map, "zones", venue.zones, [&](const Field& item, ZoneDesc& zone) {
    MapFields element(r_, item, {"name", "polygon", "capacity", "max_density", "indoor"});
    if (!element.ok()) return false;
    bool ok = named(element, ElementKind::zone, zone.name);
    auto polygon = r_.polygon(element.require("polygon"));
    if (polygon) zone.polygon = std::move(*polygon);
    ok = ok && polygon;
    if (const Field capacity = element.get("capacity"); capacity.present()) {
      zone.capacity = count_value(capacity, 1);
      ok = ok && zone.capacity;
    }
    if (const Field density = element.get("max_density"); density.present()) {
      zone.max_density = r_.number_above(density, 0.0, false, " persons/m²");
      ok = ok && zone.max_density;
    }
    if (const Field indoor = element.get("indoor"); indoor.present()) {
      const auto value = r_.boolean(indoor);
      if (value) zone.indoor = *value;
      ok = ok && value;
    }
    return ok;
  });
  read_list(map, "waypoints", venue.waypoints, [&](const Field& item, WaypointDesc& waypoint) {
    MapFields element(r_, item, {"name", "at", "radius"});
    if (!element.ok()) return false;
    bool ok = named(element, ElementKind::waypoint, waypoint.name);
    const auto at = r_.point(element.require("at"));
    if (at) waypoint.at = *at;
    ok = ok && at;
    if (const Field radius = element.get("radius"); radius.present()) {
      const auto value = r_.number_above(radius, 0.0, false, " m");
      if (value) waypoint.radius = *value;
      ok = ok && value;
    }
    return ok;
  });
  read_list(map, "lines", venue.lines, [&](const Field& item, LineDesc& line_desc) {
    MapFields element(r_, item, {"name", "line"});
    if (!element.ok()) return false;
    const bool has_name = named(element, ElementKind::line, line_desc.name);
    const auto line = r_.segment(element.require("line"));
    if (line) line_desc.line = *line;
    return has_name && line;
  });
}

// [SECTION] Populations and journeys

std::optional<AreaRef> ScenarioReader::read_area(const Field& f) {
  AreaRef area;
  area.where = f.where;
  if (f.value.IsSequence()) {
    auto polygon = r_.polygon(f);
    if (!polygon) return std::nullopt;
    area.polygon = std::move(*polygon);
    return area;
  }
  if (!f.value.IsScalar()) {
    r_.error(f, "expected a zone name or an inline polygon [[x, y], ...], got " +
                    scenario_detail::describe(f.value));
    return std::nullopt;
  }
  area.zone = f.value.Scalar();
  if (!refer(f, area.zone, {ElementKind::zone}, "a zone")) return std::nullopt;
  return area;
}

std::optional<ArrivalDesc> ScenarioReader::read_arrival(const Field& f) {
  MapFields map(r_, f, {"in", "rate", "total"});
  if (!map.ok()) return std::nullopt;
  ArrivalDesc arrival;
  arrival.where = f.where;
  bool ok = true;
  const Field in = map.require("in");
  if (in.present()) {
    auto area = read_area(in);
    if (area) arrival.in = std::move(*area);
    ok = ok && area;
  } else {
    ok = false;
  }
  const Field rate = map.require("rate");
  if (rate.present() && r_.expect_sequence(rate, "a rate profile: a list of [t, persons/s]")) {
    if (rate.value.size() == 0) {
      r_.error(rate, "a rate profile needs at least one point [t, persons/s]");
      ok = false;
    }
    for (std::size_t i = 0; i < rate.value.size(); ++i) {
      const Field item = r_.element(rate, i);
      if (!item.value.IsSequence() || item.value.size() != 2) {
        r_.error(item,
                 "expected a point [t, persons/s], got " + scenario_detail::describe(item.value));
        ok = false;
        continue;
      }
      const Field time_field = r_.element(item, 0);
      const Field rate_field = r_.element(item, 1);
      auto time = r_.number_above(time_field, 0.0, true, " s");
      auto persons = r_.number_above(rate_field, 0.0, true, " persons/s");
      if (time && !scenario_detail::kRateTimeLimit.admits(*time)) {
        r_.error(time_field, "must be " + scenario_detail::kRateTimeLimit.describe() + ", got " +
                                 format_number(*time));
        time.reset();
      }
      if (persons && !scenario_detail::kRateLimit.admits(*persons)) {
        r_.error(rate_field, "must be " + scenario_detail::kRateLimit.describe() + ", got " +
                                 format_number(*persons));
        persons.reset();
      }
      if (!time || !persons) {
        ok = false;
        continue;
      }
      if (!arrival.rate.empty() && *time <= arrival.rate.back().time) {
        r_.error(time_field, "rate profile times must be strictly increasing, got " +
                                 format_number(*time) + " after " +
                                 format_number(arrival.rate.back().time));
        ok = false;
        continue;
      }
      arrival.rate.push_back({*time, *persons});
    }
  } else {
    ok = false;
  }
  if (const Field total = map.get("total"); total.present()) {
    const auto value = r_.integer(total);
    if (value && *value < 0) {
      r_.error(total, "must be a whole number >= 0, got " + std::to_string(*value));
      ok = false;
    } else if (value) {
      arrival.total = *value;
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return arrival;
}

std::optional<std::vector<std::string>> ScenarioReader::read_exit_list(const Field& f) {
  if (!r_.expect_sequence(f, "a list of exit names")) return std::nullopt;
  if (f.value.size() == 0) {
    r_.error(f, "an exit list needs at least one exit name");
    return std::nullopt;
  }
  std::vector<std::string> exits;
  bool ok = true;
  for (std::size_t i = 0; i < f.value.size(); ++i) {
    const Field item = r_.element(f, i);
    const auto name = r_.text(item);
    if (!name || !refer(item, *name, {ElementKind::exit}, "an exit")) {
      ok = false;
      continue;
    }
    exits.push_back(*name);
  }
  if (!ok) return std::nullopt;
  return exits;
}

std::optional<AttractionDesc> ScenarioReader::read_attraction(const Field& f) {
  MapFields map(r_, f, {"to", "weight", "stay"});
  if (!map.ok()) return std::nullopt;
  AttractionDesc a;
  a.where = f.where;
  bool ok = true;
  const Field to = map.require("to");
  if (const auto target = r_.text(to)) {
    a.target = *target;
    ok =
        refer(to, a.target, {ElementKind::zone, ElementKind::waypoint}, "a zone or waypoint") && ok;
  } else {
    ok = false;
  }
  if (const Field weight = map.get("weight"); weight.present()) {
    const auto value = r_.number_above(weight, 0.0, false, "");
    if (value) a.weight = *value;
    ok = ok && value;
  }
  if (const Field stay = map.get("stay"); stay.present()) {
    a.stay = r_.distribution(stay, Bound::non_negative);
    ok = ok && a.stay;
  }
  if (!ok) return std::nullopt;
  return a;
}

std::optional<JourneyStep> ScenarioReader::read_visit(const Field& f) {
  MapFields map(r_, f, {"attractions", "count", "stay", "until"});
  if (!map.ok()) return std::nullopt;
  JourneyStep step;
  step.kind = JourneyStep::Kind::visit;
  bool ok = true;
  const Field list = map.require("attractions");
  if (!list.present() || !r_.expect_sequence(list, "a list of attractions {to: NAME, weight: W}"))
    return std::nullopt;
  if (list.value.size() == 0 || list.value.size() > 200) {
    r_.error(list, "a visit offers between 1 and 200 attractions {to: NAME, weight: W}, got " +
                       std::to_string(list.value.size()));
    return std::nullopt;
  }
  for (std::size_t i = 0; i < list.value.size(); ++i) {
    const Field item = r_.element(list, i);
    auto a = read_attraction(item);
    if (!a) {
      ok = false;
      continue;
    }
    for (const AttractionDesc& before : step.attractions) {
      if (before.target != a->target) continue;
      r_.error(item,
               "attraction '" + a->target + "' is already offered at line " +
                   std::to_string(before.where.line) +
                   "; each attraction may be listed once (its weight says how popular it is)");
      ok = false;
    }
    step.attractions.push_back(std::move(*a));
  }
  if (const Field count = map.get("count"); count.present()) {
    // A fixed count is a whole number of attractions (limits.cpp:
    // populations.journey.visit.count); a distribution is rounded per person.
    std::optional<Distribution> value;
    if (count.value.IsScalar()) {
      if (const auto n = r_.integer(count)) {
        value = Distribution::constant_value(static_cast<double>(*n));
        if (ok && *n > static_cast<std::int64_t>(list.value.size())) {
          r_.error(count, "a visit of " + std::to_string(*n) +
                              " distinct attractions needs at "
                              "least as many; " +
                              std::to_string(list.value.size()) + " are offered");
          value.reset();
        }
      }
    } else {
      value = r_.distribution(count, Bound::non_negative);
    }
    if (value) step.count = *value;
    ok = ok && value;
  }
  if (const Field stay = map.get("stay"); stay.present()) {
    step.stay = r_.distribution(stay, Bound::non_negative);
    ok = ok && step.stay;
  }
  if (const Field until = map.get("until"); until.present()) {
    step.until = r_.distribution(until, Bound::non_negative);
    ok = ok && step.until;
  }
  if (!ok) return std::nullopt;
  return step;
}

std::optional<JourneyStep> ScenarioReader::read_journey_step(const Field& f) {
  MapFields map(r_, f, {"to", "stay", "exit", "visit"});
  if (!map.ok()) return std::nullopt;
  if (const Field visit = map.get("visit"); visit.present()) {
    if (map.keys().size() != 1) {
      r_.error(f,
               "a 'visit' step has no other keys (its stay goes inside: visit: {attractions: "
               "[...], stay: ...})");
      return std::nullopt;
    }
    auto step = read_visit(visit);
    if (step) step->where = f.where;
    return step;
  }
  JourneyStep step;
  step.where = f.where;
  const Field to = map.get("to");
  const Field exit = map.get("exit");
  if (to.present() == exit.present()) {
    r_.error(f, to.present() ? "a journey step has either 'to' or 'exit', not both"
                             : "a journey step needs 'to: <target>', 'exit: nearest | "
                               "quickest | [exit names]' or 'visit: {attractions: [...]}'");
    return std::nullopt;
  }
  const Field stay = map.get("stay");
  if (exit.present()) {
    if (stay.present()) {
      r_.error(stay, "'stay' belongs to a 'to' step (a zone or waypoint), not to 'exit'");
      return std::nullopt;
    }
    step.kind = JourneyStep::Kind::exit;
    if (exit.value.IsSequence()) {
      auto exits = read_exit_list(exit);
      if (!exits) return std::nullopt;
      step.exits = std::move(*exits);
      step.route = RouteChoice::nearest;
      return step;
    }
    if (exit.value.IsScalar()) {
      const auto it = names_.find(exit.value.Scalar());
      if (it != names_.end() && it->second.kind == ElementKind::exit) {
        r_.error(exit, "'" + it->first + "' is an exit name; write 'exit: [" + it->first +
                           "]' (a list of exits) or 'exit: nearest' / 'exit: quickest'");
        return std::nullopt;
      }
    }
    const auto route = choice(exit, {"nearest", "quickest"});
    if (!route) return std::nullopt;
    step.route = *route == 0 ? RouteChoice::nearest : RouteChoice::quickest;
    return step;
  }
  step.kind = JourneyStep::Kind::to;
  const auto target = r_.text(to);
  if (!target) return std::nullopt;
  step.target = *target;
  if (!refer(to, step.target,
             {ElementKind::waypoint, ElementKind::zone, ElementKind::door, ElementKind::checkpoint},
             "a waypoint, zone, door or checkpoint")) {
    return std::nullopt;
  }
  if (stay.present()) {
    const auto it = names_.find(step.target);
    if (it != names_.end() && it->second.kind != ElementKind::zone &&
        it->second.kind != ElementKind::waypoint) {
      r_.error(stay, "people can stay only in a zone or at a waypoint; '" + step.target +
                         "' is a " + element_kind_name(it->second.kind));
      return std::nullopt;
    }
    step.stay = r_.distribution(stay, Bound::non_negative);
    if (!step.stay) return std::nullopt;
  }
  return step;
}

void ScenarioReader::read_population(const Field& f, PopulationDesc& population) {
  MapFields map(
      r_, f, {"name", "count", "in", "arrive", "speed", "radius", "journey", "groups", "profiles"});
  if (!map.ok()) return;
  const Field name_field = map.require("name");
  if (const auto name = r_.text(name_field)) {
    population.name = *name;
    const auto [it, inserted] = population_names_.emplace(*name, name_field.where);
    if (!inserted) {
      r_.error(name_field, "population name '" + *name + "' is already used at line " +
                               std::to_string(it->second.line) +
                               "; population names must be unique");
    }
  }

  const Field count = map.get("count");
  const Field in = map.get("in");
  const Field arrive = map.get("arrive");
  if (count.present() && arrive.present()) {
    r_.error(f,
             "'count' (people present at t = 0) and 'arrive' (people arriving over time) are "
             "exclusive; use two populations for both");
  } else if (!count.present() && !arrive.present()) {
    r_.error(f,
             "needs either 'count' with 'in' (people present at t = 0) or 'arrive' (people "
             "arriving over time)");
  } else if (count.present()) {
    population.count = count_value(count, 0);
    if (!in.present()) {
      r_.error(count,
               "'count' needs 'in': the zone name or inline polygon where the people are "
               "placed");
    } else if (auto area = read_area(in)) {
      population.in = std::move(*area);
    }
  } else {
    if (in.present()) {
      r_.error(in, "'in' goes with 'count'; arrivals give their area as 'arrive.in'");
    }
    population.arrive = read_arrival(arrive);
  }

  if (const Field speed = map.get("speed"); speed.present()) {
    if (auto value = r_.distribution(speed, Bound::positive)) population.speed = *value;
  }
  if (const Field radius = map.get("radius"); radius.present()) {
    if (auto value = r_.distribution(radius, Bound::positive)) population.radius = *value;
  }
  if (const Field groups = map.get("groups"); groups.present())
    population.groups = read_groups(groups);
  if (const Field profiles = map.get("profiles"); profiles.present()) {
    // With profiles every person's speed and radius come from their profile.
    for (const char* key : {"speed", "radius"}) {
      if (const Field own = map.get(key); own.present())
        r_.error(own, std::string("a population with 'profiles' takes its ") + key +
                          " from each profile; write '" + key + "' in the profile instead");
    }
    read_profiles(profiles, population);
  }
  const Field journey = map.get("journey");
  if (!journey.present()) {
    JourneyStep step;
    step.kind = JourneyStep::Kind::exit;
    step.route = RouteChoice::nearest;
    step.where = f.where;
    population.journey.push_back(step);
    return;
  }
  if (!r_.expect_sequence(journey, "a list of journey steps")) return;
  if (journey.value.size() == 0) {
    r_.error(journey, "a journey needs at least one step (leave it out for [{exit: nearest}])");
  }
  for (std::size_t i = 0; i < journey.value.size(); ++i) {
    if (auto step = read_journey_step(r_.element(journey, i))) {
      population.journey.push_back(std::move(*step));
    }
  }
}

void ScenarioReader::read_profiles(const Field& f, PopulationDesc& population) {
  if (!r_.expect_sequence(f, "a list of visitor profiles ({profile: NAME, share: FRACTION})"))
    return;
  if (f.value.size() == 0) {
    r_.error(f, "needs at least one profile (leave 'profiles' out for one kind of visitor)");
    return;
  }
  std::vector<std::string> builtin_names;
  for (const BuiltinProfile& b : builtin_profiles())
    builtin_names.emplace_back(b.name);
  std::string known;
  for (const std::string& n : builtin_names)
    known += (known.empty() ? "" : ", ") + n;
  bool complete = true;
  double total = 0.0;
  for (std::size_t i = 0; i < f.value.size(); ++i) {
    const Field element = r_.element(f, i);
    MapFields map(r_, element, {"profile", "share", "speed", "radius"});
    if (!map.ok()) {
      complete = false;
      continue;
    }
    ProfileDesc profile;
    profile.where = element.where;
    const Field name = map.require("profile");
    const Field share = map.require("share");
    const Field speed = map.get("speed");
    const Field radius = map.get("radius");
    std::optional<std::string> text = name.present() ? r_.text(name) : std::nullopt;
    if (text) {
      profile.name = *text;
      if (const BuiltinProfile* b = builtin_profile(*text)) {
        profile.builtin = true;
        profile.speed = b->speed;
        profile.radius = b->radius;
      } else if (!speed.present() || !radius.present()) {
        r_.error(name, "unknown profile '" + *text + "'" + did_you_mean(*text, builtin_names) +
                           "; built-in profiles: " + known +
                           " (a profile of your own needs both 'speed' and 'radius')");
        text.reset();
      }
      for (const ProfileDesc& other : population.profiles) {
        if (text && other.name == *text) {
          r_.error(name, "profile '" + *text + "' is listed twice; give it one share");
          text.reset();
        }
      }
    }
    std::optional<double> fraction = share.present() ? r_.number(share) : std::nullopt;
    if (fraction && !(*fraction >= 0.0 && *fraction <= 1.0)) {
      r_.error(share, "a share is a fraction of the population between 0 and 1, got " +
                          format_number(*fraction));
      fraction.reset();
    }
    if (speed.present()) {
      if (auto value = r_.distribution(speed, Bound::positive))
        profile.speed = *value, profile.own_speed = true;
      else
        text.reset();
    }
    if (radius.present()) {
      if (auto value = r_.distribution(radius, Bound::positive))
        profile.radius = *value, profile.own_radius = true;
      else
        text.reset();
    }
    if (!text || !fraction) {
      complete = false;
      continue;
    }
    profile.share = *fraction;
    total += *fraction;
    population.profiles.push_back(std::move(profile));
  }
  // The shares say who the visitors are: they must cover everyone, once.
  if (complete && std::abs(total - 1.0) > 1e-6) {
    r_.error(f, "the shares of the profiles sum to " + format_number(total) +
                    "; they must sum to 1 (the whole population)");
  }
}

std::optional<GroupsDesc> ScenarioReader::read_groups(const Field& f) {
  MapFields map(r_, f, {"size"});
  if (!map.ok()) return std::nullopt;
  const Field size = map.require("size");
  if (!size.present()) return std::nullopt;
  GroupsDesc groups;
  groups.where = f.where;
  if (size.value.IsScalar()) {
    // A fixed size is a whole number of persons (limits.cpp: populations.groups.size).
    const auto value = r_.integer(size);
    if (!value) return std::nullopt;
    groups.size = Distribution::constant_value(static_cast<double>(*value));
    return groups;
  }
  const auto value = r_.distribution(size, Bound::positive);
  if (!value) return std::nullopt;
  // Draws are rounded to whole persons and kept at 1 or more; a distribution centred below
  // one person describes persons alone and is a mistake in the file.
  const bool uniform = value->kind == Distribution::Kind::uniform;
  const double lowest = uniform ? value->min : value->mean;
  if (lowest < 1.0) {
    r_.error(size, std::string(uniform ? "the lower bound a" : "the mean") +
                       " of a group size must be >= 1 person, got " + format_number(lowest));
    return std::nullopt;
  }
  groups.size = *value;
  return groups;
}

// [SECTION] Events, criteria, measurement, output

std::optional<EventDesc> ScenarioReader::read_event(const Field& f) {
  MapFields map(r_, f, {"at", "evacuate", "close", "open"});
  if (!map.ok()) return std::nullopt;
  EventDesc event;
  event.where = f.where;
  const auto at = r_.number_above(map.require("at"), 0.0, true, " s");
  int actions = 0;
  for (const char* key : {"evacuate", "close", "open"})
    actions += map.has(key) ? 1 : 0;
  if (actions != 1) {
    r_.error(f, "an event does exactly one of 'evacuate', 'close: <name>' or 'open: <name>', got " +
                    std::to_string(actions));
    return std::nullopt;
  }
  bool ok = at.has_value();
  if (at) event.at = *at;
  if (const Field evacuate = map.get("evacuate"); evacuate.present()) {
    event.kind = EventDesc::Kind::evacuate;
    if (evacuate.value.IsNull()) return ok ? std::optional(event) : std::nullopt;
    MapFields details(r_, evacuate, {"premovement", "exits", "route"});
    if (!details.ok()) return std::nullopt;
    if (const Field premovement = details.get("premovement"); premovement.present()) {
      const auto value = r_.distribution(premovement, Bound::non_negative);
      if (value) event.evacuate.premovement = *value;
      ok = ok && value;
    }
    if (const Field exits = details.get("exits"); exits.present()) {
      auto names = read_exit_list(exits);
      if (names) event.evacuate.exits = std::move(*names);
      ok = ok && names;
    }
    if (const Field route = details.get("route"); route.present()) {
      const auto value = choice(route, {"nearest", "quickest"});
      if (value) event.evacuate.route = *value == 0 ? RouteChoice::nearest : RouteChoice::quickest;
      ok = ok && value;
    }
  } else {
    const bool close = map.has("close");
    event.kind = close ? EventDesc::Kind::close : EventDesc::Kind::open;
    const Field target = map.get(close ? "close" : "open");
    const auto name = r_.text(target);
    if (!name ||
        !refer(target, *name, {ElementKind::exit, ElementKind::door, ElementKind::checkpoint},
               "an exit, door or checkpoint")) {
      return std::nullopt;
    }
    event.target = *name;
  }
  if (!ok) return std::nullopt;
  return event;
}

void ScenarioReader::read_criteria(const Field& f, CriteriaDesc& criteria) {
  MapFields map(r_, f, {"max_evacuation_time", "max_density", "all_out_by", "max_exit_flow"});
  if (!map.ok()) return;
  const auto limit = [&](const char* key, const char* unit, std::optional<CriterionLimit>& out) {
    const Field value = map.get(key);
    if (!value.present()) return;
    if (const auto number = r_.number_above(value, 0.0, false, unit)) {
      out = CriterionLimit{*number, value.where};
    }
  };
  limit("max_evacuation_time", " s", criteria.max_evacuation_time);
  limit("max_density", " persons/m²", criteria.max_density);
  limit("all_out_by", " s", criteria.all_out_by);
  limit("max_exit_flow", " persons/(m·s)", criteria.max_exit_flow);
}

void ScenarioReader::read_measure(const Field& f, MeasureDesc& measure) {
  MapFields map(r_, f, {"cell", "window", "smoothing", "snapshots"});
  if (!map.ok()) return;
  if (const Field cell = map.get("cell"); cell.present()) {
    if (const auto value = r_.number_above(cell, 0.0, false, " m")) measure.cell = *value;
  }
  if (const Field window = map.get("window"); window.present()) {
    if (const auto value = r_.number_above(window, 0.0, false, " s")) measure.window = *value;
  }
  if (const Field smoothing = map.get("smoothing"); smoothing.present()) {
    if (const auto value = r_.number_above(smoothing, 0.0, true, " m")) measure.smoothing = *value;
  }
  if (const Field snapshots = map.get("snapshots"); snapshots.present()) {
    if (!r_.expect_sequence(snapshots, "a list of times (s)")) return;
    if (snapshots.value.size() > limits::kMaxSnapshots) {
      r_.error(snapshots, "at most " + std::to_string(limits::kMaxSnapshots) + " times, got " +
                              std::to_string(snapshots.value.size()));
      return;
    }
    for (std::size_t k = 0; k < snapshots.value.size(); ++k) {
      const Field at = r_.element(snapshots, k);
      const auto value = r_.number_above(at, 0.0, true, " s");
      if (!value) continue;
      if (!measure.snapshots.empty() && *value <= measure.snapshots.back()) {
        r_.error(at, "must be later than the time before it (" +
                         format_number(measure.snapshots.back()) + " s)");
        continue;
      }
      measure.snapshots.push_back(*value);
    }
  }
}

void ScenarioReader::read_output(const Field& f, OutputDesc& output) {
  MapFields map(r_, f, {"frame_interval", "trajectories", "maps"});
  if (!map.ok()) return;
  if (const Field interval = map.get("frame_interval"); interval.present()) {
    if (const auto value = r_.number_above(interval, 0.0, false, " s")) {
      output.frame_interval = *value;
    }
  }
  if (const Field format = map.get("trajectories"); format.present()) {
    if (const auto value = choice(format, {"sqlite", "csv", "none"})) {
      output.trajectories = *value == 0   ? TrajectoryFormat::sqlite
                            : *value == 1 ? TrajectoryFormat::csv
                                          : TrajectoryFormat::none;
    }
  }
  if (const Field format = map.get("maps"); format.present()) {
    if (const auto value = choice(format, {"geojson", "none"}))
      output.maps = *value == 0 ? MapsFormat::geojson : MapsFormat::none;
  }
}

// [SECTION] Underlay

/// What is wrong with a file the underlay names (empty when it is a readable regular file of
/// at most `max_bytes`).
std::string underlay_file_problem(const std::string& path, std::int64_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return "does not exist";
  if (!fs::is_regular_file(status)) return "is not a regular file";
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > static_cast<std::uintmax_t>(max_bytes))
    return "is " + std::to_string(size / (1024 * 1024)) + " MiB; at most " +
           std::to_string(max_bytes / (1024 * 1024)) + " MiB are read";
  if (!std::ifstream(path, std::ios::binary)) return "cannot be opened (permissions?)";
  return {};
}

/// The six numbers of an ESRI world file (one per line: A, D, B, E, C, F), or a problem.
std::optional<std::array<double, 6>> read_world_file(const std::string& path,
                                                     std::string& problem) {
  std::ifstream in(path);
  std::array<double, 6> v{};
  std::string line;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::getline(in, line)) {
      problem = "has " + std::to_string(i) + " lines; a world file has six numbers, one a line";
      return std::nullopt;
    }
    const auto first = line.find_first_not_of(" \t\r");
    const auto last = line.find_last_not_of(" \t\r");
    const std::string_view text = first == std::string::npos
                                      ? std::string_view()
                                      : std::string_view(line).substr(first, last - first + 1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v[i]);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(v[i])) {
      problem = "line " + std::to_string(i + 1) + " is '" + std::string(text.substr(0, 40)) +
                "', not a number";
      return std::nullopt;
    }
  }
  // Rows and columns must span an area: A·E − B·D ≠ 0.
  if (v[0] * v[3] - v[2] * v[1] == 0.0) {
    problem = "gives pixels no area (A·E − B·D = 0)";
    return std::nullopt;
  }
  return v;
}

void ScenarioReader::read_underlay(const Field& f, VenueDesc& venue) {
  // Presentation only (docs/scenario-format.md, "venue.underlay"): checked here so that a
  // missing plan is found by `stroom validate`, decoded by the viewer and the CLI (GDAL).
  MapFields fields(r_, f, {"image", "world_file", "corners", "opacity"});
  if (!fields.ok()) return;
  VenueUnderlay underlay;
  underlay.where = f.where;
  bool ok = true;
  const std::filesystem::path base = std::filesystem::path(r_.file()).parent_path();
  const auto path_of = [&](const std::string& name) {
    return (base / name).lexically_normal().string();
  };

  const Field image = fields.require("image");
  if (const auto name = r_.text(image)) {
    underlay.image = path_of(*name);
    const std::string ext = [&] {
      std::string e = std::filesystem::path(*name).extension().string();
      for (char& c : e)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return e;
    }();
    if (ext != ".png" && ext != ".jpg" && ext != ".jpeg" && ext != ".tif" && ext != ".tiff") {
      r_.error(image,
               "an underlay image is a .png, .jpg/.jpeg or .tif/.tiff (GeoTIFF) file, got '" +
                   *name + "'");
      ok = false;
    } else if (const std::string problem =
                   underlay_file_problem(underlay.image, limits::kMaxUnderlayBytes);
               !problem.empty()) {
      r_.error(image, "underlay image '" + underlay.image + "' " + problem +
                          " (a path relative to the file that names it)");
      ok = false;
    }
  } else {
    ok = false;
  }

  const Field world_file = fields.get("world_file");
  const Field corners = fields.get("corners");
  if (world_file.present() && corners.present()) {
    r_.error(corners, "give either world_file or corners, not both");
    ok = false;
  }
  if (world_file.present()) {
    if (const auto name = r_.text(world_file)) {
      underlay.world_file = path_of(*name);
      std::string problem = underlay_file_problem(underlay.world_file, 64 * 1024);
      std::optional<std::array<double, 6>> world;
      if (problem.empty()) world = read_world_file(underlay.world_file, problem);
      if (world) {
        underlay.world = *world;
      } else {
        r_.error(world_file, "world file '" + underlay.world_file + "' " + problem);
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  if (corners.present()) {
    if (!r_.expect_sequence(corners,
                            "a list of 2 points (bottom-left, top-right) or 3 points "
                            "(bottom-left, bottom-right, top-left)")) {
      ok = false;
    } else if (corners.value.size() != 2 && corners.value.size() != 3) {
      r_.error(corners,
               "expected 2 points (bottom-left, top-right) or 3 points (bottom-left, "
               "bottom-right, top-left), got " +
                   std::to_string(corners.value.size()));
      ok = false;
    } else {
      for (std::size_t i = 0; i < corners.value.size(); ++i) {
        if (const auto p = r_.point(r_.element(corners, i)))
          underlay.corners.push_back(*p);
        else
          ok = false;
      }
      if (underlay.corners.size() == corners.value.size()) {
        const Vec2& a = underlay.corners[0];
        if (underlay.corners.size() == 2) {
          const Vec2& b = underlay.corners[1];
          if (!(b.x > a.x && b.y > a.y)) {
            r_.error(corners,
                     "the top-right corner must lie right of and above the bottom-left "
                     "one");
            ok = false;
          }
        } else {
          const Vec2 u = underlay.corners[1] - a, v = underlay.corners[2] - a;
          if (std::abs(u.x * v.y - u.y * v.x) < 1e-9) {
            r_.error(corners, "the three corners lie on one line");
            ok = false;
          }
        }
      }
    }
  }
  if (const Field opacity = fields.get("opacity"); opacity.present()) {
    if (const auto value = r_.number(opacity)) {
      if (*value < 0.0 || *value > 1.0) {
        r_.error(opacity, "must be from 0 to 1, got " + format_number(*value));
        ok = false;
      } else {
        underlay.opacity = *value;
      }
    } else {
      ok = false;
    }
  }
  if (ok) venue.underlay = std::move(underlay);
}

// [SECTION] Input files

/// Reads a scenario or venue file: only a regular file (not a FIFO, device or folder, which
/// could block or never end) of at most limits::kMaxFileBytes. Returns the text, or sets
/// `problem` to what is wrong with the file.
std::optional<std::string> read_input_file(const std::string& path, std::string& problem) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    problem = "does not exist or cannot be opened";
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    problem =
        fs::is_directory(status)
            ? "is a folder, not a YAML file"
            : "is not a regular file (a device, pipe or socket); Stroom reads YAML files only";
    return std::nullopt;
  }
  const auto too_big = [&](std::uintmax_t bytes) {
    problem = "is " + std::to_string(bytes / (1024 * 1024)) +
              " MiB; a scenario or venue file may " + "have at most " +
              std::to_string(limits::kMaxFileBytes / (1024 * 1024)) + " MiB";
  };
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > static_cast<std::uintmax_t>(limits::kMaxFileBytes)) {
    too_big(size);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = "cannot be opened (permissions?)";
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(limits::kMaxFileBytes) + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > static_cast<std::size_t>(limits::kMaxFileBytes)) {
    too_big(text.size());  // it grew while being read
    return std::nullopt;
  }
  if (in.bad()) {
    problem = "could not be read to the end";
    return std::nullopt;
  }
  return text;
}

void ScenarioReader::read_report(const Field& f, ReportDesc& report) {
  MapFields map(r_, f, {"lang"});
  if (!map.ok()) return;
  if (const Field lang = map.get("lang"); lang.present()) {
    if (const auto value = choice(lang, {"en", "nl"})) report.lang = *value == 0 ? "en" : "nl";
  }
}

// [SECTION] Includes and overrides

/// The YAML parser's message, with a hint when the cause is a common one it does not name: a
/// tab in the indentation (YAML indents with spaces only) near the reported line.
Diagnostic syntax_error(const std::string& file, const YAML::Exception& e,
                        const std::string& text) {
  if (e.mark.is_null()) return {{file, 1, 1}, "YAML syntax error: " + e.msg};
  std::string hint;
  std::istringstream lines(text);
  int number = 0;
  for (std::string line; std::getline(lines, line) && number <= e.mark.line + 1;) {
    ++number;
    if (number < e.mark.line || line.empty()) continue;  // the reported line and the one before
    const std::size_t indent_end = line.find_first_not_of(" \t");
    if (line.substr(0, indent_end).find('\t') != std::string::npos) {
      hint = " (line " + std::to_string(number) +
             " is indented with a tab; YAML indents with spaces only)";
      break;
    }
  }
  return {{file, e.mark.line + 1, e.mark.column + 1}, "YAML syntax error: " + e.msg + hint};
}

/// Replaces a `venue: FILE` string by the map loaded from FILE (relative to the scenario).
/// Returns the include's path for messages, or empty when the venue is written inline.
std::string resolve_venue_include(YamlReader& reader, YAML::Node& root) {
  if (!root.IsMap()) return {};
  YAML::Node venue;
  bool found = false;
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == "venue") {
      venue.reset(it->second);
      found = true;
      break;
    }
  }
  if (!found || !venue.IsScalar()) return {};
  const Field value = reader.field(venue, "venue");
  const std::filesystem::path base = std::filesystem::path(reader.file()).parent_path();
  const std::string include = (base / venue.Scalar()).lexically_normal().string();
  std::string problem;
  const std::optional<std::string> text = read_input_file(include, problem);
  if (!text) {
    reader.error(value, "cannot read venue file '" + include + "': it " + problem +
                            " (a venue include is a path relative to the scenario file)");
    return {};
  }
  try {
    if (const auto expansion =
            scenario_detail::yaml_expansion_problem(*text, limits::kMaxYamlValues)) {
      reader.error_at({include, 1, 1}, *expansion);
      return {};
    }
    YAML::Node loaded = YAML::Load(*text);
    if (!loaded.IsMap()) {
      reader.error_at({include, 1, 1},
                      "venue: a venue file holds a map (walkable, obstacles, "
                      "exits, ...), got " +
                          scenario_detail::describe(loaded));
      return {};
    }
    venue = loaded;  // replaces the content of root's `venue` node, marks included
  } catch (const YAML::Exception& e) {
    reader.diagnostics().push_back(syntax_error(include, e, *text));
    return {};
  }
  return include;
}

void apply_override(YamlReader& reader, YAML::Node& root, const Override& override_) {
  const std::string text = override_.key + "=" + override_.value;
  const auto fail = [&](const std::string& message) {
    reader.error_at({"--set", 0, 0}, message + " (in --set " + text + ")");
  };
  YAML::Node value;
  try {
    value = YAML::Load(override_.value);
  } catch (const YAML::Exception& e) {
    fail("the value is not valid YAML: " + e.msg);
    return;
  }
  std::vector<std::string> parts;
  std::stringstream key_stream(override_.key);
  for (std::string part; std::getline(key_stream, part, '.');)
    parts.push_back(part);
  YAML::Node node;
  node.reset(root);
  std::string path;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    const std::string here = path.empty() ? part : path + "." + part;
    if (node.IsSequence() && part == "+") {
      // LIST.+: appends the value as a new last element.
      if (!last) {
        fail(here + ": '+' appends a whole element, so it must end the key (write " + here +
             "={...})");
        return;
      }
      node.push_back(value);
      break;
    }
    if (node.IsSequence() && part.size() > 1 && part[0] == '-') {
      // LIST.-N: removes element N; the value must read `remove`, so that a slip is not taken
      // for a removal.
      std::size_t index = 0;
      const auto [end, status] = std::from_chars(part.data() + 1, part.data() + part.size(), index);
      if (!last || status != std::errc{} || end != part.data() + part.size() ||
          index >= node.size() || !value.IsScalar() || value.Scalar() != "remove") {
        fail(here + ": '" + part + "' removes element " + part.substr(1) + " of " +
             (path.empty() ? "the list" : path) + " (which has " + std::to_string(node.size()) +
             " elements); it must end the key and its value must be 'remove'");
        return;
      }
      YAML::Node kept(YAML::NodeType::Sequence);
      for (std::size_t k = 0; k < node.size(); ++k)
        if (k != index) kept.push_back(node[k]);
      node = kept;
      return;  // nothing new to blame on the override
    }
    if (node.IsSequence()) {
      std::size_t index = 0;
      const auto [end, status] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (status != std::errc{} || end != part.data() + part.size() || index >= node.size()) {
        fail(here + ": '" + part + "' is not an index of " + (path.empty() ? "the list" : path) +
             ", which has " + std::to_string(node.size()) + " elements (0 to " +
             std::to_string(node.size() == 0 ? 0 : node.size() - 1) + ")");
        return;
      }
      if (last) {
        node[index] = value;
      } else {
        YAML::Node child = node[index];
        node.reset(child);
      }
    } else if (node.IsMap() || (node.IsNull() && path.empty())) {
      YAML::Node child;
      bool exists = false;
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == part) {
          child.reset(it->second);
          exists = true;
          break;
        }
      }
      if (last) {
        if (exists) {
          child = value;
        } else {
          node[part] = value;
        }
      } else if (!exists) {
        // Missing maps on the way are created (so `model.type=social-force` works on a file
        // without `model:`); validation then reports any key that is not in the contract.
        // A missing list cannot be indexed, though.
        // `events.+` on a file without events creates the list with that one element.
        YAML::Node created = value;
        for (std::size_t j = parts.size() - 1; j > i; --j) {
          if (parts[j] == "+") {
            YAML::Node list(YAML::NodeType::Sequence);
            list.push_back(created);
            created.reset(list);
            continue;
          }
          if (std::all_of(parts[j].begin(), parts[j].end(),
                          [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            fail(here + ": no such key in " + (path.empty() ? "the scenario" : path) +
                 ", so it has no element " + parts[j]);
            return;
          }
          YAML::Node map(YAML::NodeType::Map);
          map[parts[j]] = created;
          created.reset(map);
        }
        node[part] = created;
        reader.add_override(created, text);
        return;
      } else {
        node.reset(child);
      }
    } else {
      fail(here + ": " + (path.empty() ? "the scenario" : path) +
           " is not a map or list, so it has no '" + part + "'");
      return;
    }
    path = here;
  }
  reader.add_override(value, text);
}

ScenarioDraft parse(const std::string& yaml_text, const std::string& file,
                    const std::vector<Override>& overrides) {
  YAML::Node root;
  try {
    // YAML aliases share nodes, so a small file can stand for an exponential tree ("billion
    // laughs") or a node that contains itself, which validation would walk for ever: refuse
    // such a file before building its tree.
    if (const auto problem =
            scenario_detail::yaml_expansion_problem(yaml_text, limits::kMaxYamlValues)) {
      std::vector<Diagnostic> diagnostics(1);
      diagnostics[0] = {{file, 1, 1}, *problem};
      throw ScenarioError(std::move(diagnostics));
    }
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw ScenarioError({syntax_error(file, e, yaml_text)});
  }

  YamlReader reader(file);
  std::string venue_file = resolve_venue_include(reader, root);
  for (const auto& override_ : overrides)
    apply_override(reader, root, override_);
  if (!overrides.empty() && venue_file.empty() && root.IsMap()) {
    // An override may have turned the venue into an include.
    venue_file = resolve_venue_include(reader, root);
  }
  ScenarioReader scenario_reader(reader, venue_file);
  ScenarioDraft draft;
  draft.scenario = scenario_reader.read(root);
  Scenario& scenario = draft.scenario;
  if (!venue_file.empty()) scenario.includes.push_back(venue_file);
  if (const auto& underlay = scenario.venue.underlay) {
    // Copied into the results with the scenario and hashed in the report like it, so that the
    // plan a reviewer saw under the crowd travels with the run.
    scenario.includes.push_back(underlay->image);
    if (!underlay->world_file.empty()) scenario.includes.push_back(underlay->world_file);
  }
  const ScenarioReader::Completeness& read = scenario_reader.completeness();
  draft.area_read = read.area;
  draft.exits_read = read.exits;
  draft.events_read = read.events;
  draft.population_read = read.populations;
  draft.population_read.resize(scenario.populations.size(), false);
  if (reader.has_errors()) {
    draft.problems = std::move(reader.diagnostics());
    sort_by_position(draft.problems, file);
    return draft;
  }
  resolve_references(scenario);  // every name was checked above: this finds them all
  return draft;
}

Scenario scenario_or_throw(ScenarioDraft&& draft) {
  if (!draft.problems.empty()) throw ScenarioError(std::move(draft.problems));
  return std::move(draft.scenario);
}

}  // namespace

// [SECTION] Public API

void sort_by_position(std::vector<Diagnostic>& diagnostics, const std::string& main_file) {
  std::vector<std::string> files{main_file};
  for (const Diagnostic& d : diagnostics) {
    if (std::find(files.begin(), files.end(), d.where.file) == files.end())
      files.push_back(d.where.file);
  }
  const auto rank = [&](const Diagnostic& d) {
    return std::find(files.begin(), files.end(), d.where.file) - files.begin();
  };
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) {
                     const auto ra = rank(a), rb = rank(b);
                     if (ra != rb) return ra < rb;
                     if (a.where.line != b.where.line) return a.where.line < b.where.line;
                     return a.where.column < b.where.column;
                   });
}

Override parse_override(const std::string& text) {
  const auto fail = [&](const std::string& why) {
    throw ScenarioError({{{"--set", 0, 0}, "malformed override '" + text + "': " + why}});
  };
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos) fail("expected KEY=VALUE, e.g. populations.0.count=800");
  Override out{text.substr(0, equals), text.substr(equals + 1)};
  if (out.key.empty()) fail("the key before '=' is empty");
  if (out.value.empty()) fail("the value after '=' is empty");
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = out.key.find('.', start);
    const std::string part = out.key.substr(start, dot == std::string::npos ? dot : dot - start);
    if (part.empty()) fail("empty path element in '" + out.key + "' (write a.b.0.c)");
    if (part == "+") {  // appends to a list (apply_override)
      if (dot != std::string::npos) fail("'+' appends to a list and must end the key");
      break;
    }
    for (const char c : part) {
      const bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      if (!allowed) fail("'" + part + "' is not a key or index (letters, digits, _ and - only)");
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  try {
    (void)YAML::Load(out.value);
  } catch (const YAML::Exception& e) {
    fail("the value is not valid YAML: " + e.msg);
  }
  return out;
}

Scenario parse_scenario(const std::string& yaml_text, const std::string& file,
                        const std::vector<Override>& overrides) {
  return scenario_or_throw(parse(yaml_text, file, overrides));
}

bool is_venue_include(const std::string& path) {
  try {
    const YAML::Node root = YAML::LoadFile(path);
    if (!root.IsMap()) return false;
    bool walkable = false;
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (!it->first.IsScalar()) continue;
      if (it->first.Scalar() == "stroom") return false;
      walkable = walkable || it->first.Scalar() == "walkable";
    }
    return walkable;
  } catch (const YAML::Exception&) {
    return false;
  }
}

ScenarioDraft parse_scenario_draft(const std::string& yaml_text, const std::string& file,
                                   const std::vector<Override>& overrides) {
  return parse(yaml_text, file, overrides);
}

ScenarioDraft read_venue_include_draft(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({{{path, 0, 0}, "cannot read the venue file (does it exist?)"}});
  std::ostringstream text;
  text << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::ParserException& e) {
    throw ScenarioError({syntax_error(path, e, text.str())});
  }
  YamlReader reader(path);
  ScenarioReader scenario_reader(reader, "");
  ScenarioDraft draft;
  draft.scenario.file = path;
  draft.scenario.name = std::filesystem::path(path).filename().string();
  draft.scenario.venue = scenario_reader.read_venue_only(root);
  draft.area_read = scenario_reader.completeness().area;
  draft.exits_read = scenario_reader.completeness().exits;
  draft.problems = std::move(reader.diagnostics());
  sort_by_position(draft.problems, path);
  return draft;
}

Scenario load_venue_include(const std::string& path) {
  return scenario_or_throw(read_venue_include_draft(path));
}

ScenarioDraft read_scenario_draft(const std::string& path, const std::vector<Override>& overrides) {
  std::string problem;
  const std::optional<std::string> text = read_input_file(path, problem);
  if (!text) {
    // (Built element by element: an initializer list here trips GCC 12's -Wmaybe-uninitialized.)
    std::vector<Diagnostic> diagnostics(1);
    diagnostics[0].where.file = path;
    diagnostics[0].message = "cannot read the scenario file: it " + problem;
    throw ScenarioError(std::move(diagnostics));
  }
  return parse(*text, path, overrides);
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides) {
  return scenario_or_throw(read_scenario_draft(path, overrides));
}

}  // namespace stroom
