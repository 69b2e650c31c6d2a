#include "scenario_export.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace stroom::view {

std::vector<EventDesc> what_if_events(const Scenario& scenario,
                                      const std::vector<EventDesc>& applied) {
  std::vector<EventDesc> out;
  std::vector<bool> used(scenario.events.size(), false);
  const double tolerance = scenario.step + 1e-9;
  for (const EventDesc& e : applied) {
    bool from_file = false;
    for (std::size_t i = 0; i < scenario.events.size() && !from_file; ++i) {
      const EventDesc& s = scenario.events[i];
      if (!used[i] && s.kind == e.kind && s.target == e.target &&
          std::abs(s.at - e.at) <= tolerance)
        used[i] = from_file = true;
    }
    if (!from_file) out.push_back(e);
  }
  return out;
}

namespace {

YAML::Node event_node(const EventDesc& e) {
  YAML::Node n;
  n.SetStyle(YAML::EmitterStyle::Flow);
  n["at"] = std::round(e.at * 1000.0) / 1000.0;
  switch (e.kind) {
    case EventDesc::Kind::close:
      n["close"] = e.target;
      break;
    case EventDesc::Kind::open:
      n["open"] = e.target;
      break;
    case EventDesc::Kind::evacuate: {
      YAML::Node ev(YAML::NodeType::Map);
      if (!e.evacuate.exits.empty()) {
        for (const auto& x : e.evacuate.exits)
          ev["exits"].push_back(x);
      }
      ev["route"] = e.evacuate.route == RouteChoice::nearest ? "nearest" : "quickest";
      n["evacuate"] = ev;
      break;
    }
  }
  return n;
}

}  // namespace

std::string scenario_with_events(const std::string& original_yaml,
                                 const std::vector<EventDesc>& extra) {
  YAML::Node root = YAML::Load(original_yaml);
  YAML::Node events = root["events"];
  if (!events || events.IsNull()) {
    events = YAML::Node(YAML::NodeType::Sequence);
  }
  for (const EventDesc& e : extra)
    events.push_back(event_node(e));
  root["events"] = events;
  YAML::Emitter out;
  out.SetIndent(2);
  out << root;
  return std::string(out.c_str()) + "\n";
}

std::string save_scenario_with_events(const std::string& source_path,
                                      const std::string& target_path,
                                      const std::vector<EventDesc>& extra) {
  std::ifstream in(source_path);
  if (!in) return "cannot read " + source_path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text;
  try {
    text = scenario_with_events(buffer.str(), extra);
  } catch (const YAML::Exception& e) {
    return source_path + ": " + e.what();
  }
  std::ofstream out(target_path);
  if (!out) return "cannot write " + target_path;
  out << "# Saved by stroom-view: " << extra.size() << " what-if event(s) added to " << source_path
      << "\n"
      << text;
  return out ? std::string() : "cannot write " + target_path;
}

}  // namespace stroom::view
