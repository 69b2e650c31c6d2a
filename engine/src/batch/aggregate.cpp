// Reading the figures of a run from summary.json, aggregating runs per variant, and the
// batch.csv and batch.json texts.
#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "stroom/batch.hpp"

namespace stroom::batch {

namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

std::optional<double> number_or_null(const json& object, const char* a, const char* b) {
  if (!object.contains(a) || !object[a].is_object() || !object[a].contains(b)) return std::nullopt;
  const json& v = object[a][b];
  if (v.is_number()) return v.get<double>();
  return std::nullopt;
}

std::optional<double> follow(const json& root, const std::string& dotted) {
  const json* node = &root;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = dotted.find('.', start);
    const std::string part = dotted.substr(start, dot == std::string::npos ? dot : dot - start);
    if (node->is_object()) {
      if (!node->contains(part)) return std::nullopt;
      node = &(*node)[part];
    } else if (node->is_array()) {
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (ec != std::errc{} || end != part.data() + part.size() || index >= node->size())
        return std::nullopt;
      node = &(*node)[index];
    } else {
      return std::nullopt;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (node->is_number()) return node->get<double>();
  if (node->is_boolean()) return node->get<bool>() ? 1.0 : 0.0;
  return std::nullopt;
}

ordered_json stats_json(const Stats& s) {
  ordered_json out;
  out["n"] = s.n;
  if (s.n == 0) return out;
  out["mean"] = s.mean;
  out["sd"] = s.sd;
  out["min"] = s.min;
  out["p25"] = s.q1;
  out["p50"] = s.p50;
  out["p75"] = s.q3;
  out["p95"] = s.p95;
  out["max"] = s.max;
  return out;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string optional_number(const std::optional<double>& v) {
  return v ? format_number(*v) : std::string{};
}

}  // namespace

std::string format_number(double value) {
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

RunRecord parse_run_record(const std::string& json_text, const std::string& figure) {
  const json doc = json::parse(json_text);  // throws json::parse_error (a runtime_error)
  if (!doc.is_object() || !doc.contains("seed") || !doc.contains("completed"))
    throw std::runtime_error("not a Stroom summary.json (no seed or completed)");
  RunRecord r;
  r.seed = doc["seed"].get<std::uint64_t>();
  r.completed = doc["completed"].get<bool>();
  r.evacuation_time = number_or_null(doc, "evacuation", "evacuation_time");
  r.peak_density = number_or_null(doc, "density", "peak");
  r.travel_time_p95 = number_or_null(doc, "travel_time", "p95");
  if (const auto exited = number_or_null(doc, "agents", "exited"))
    r.exited = static_cast<std::int64_t>(*exited);
  if (doc.contains("criteria") && doc["criteria"].is_array()) {
    for (const json& c : doc["criteria"]) {
      r.criteria.emplace_back(c.at("name").get<std::string>(), c.at("pass").get<bool>());
      if (c.contains("limit") && c["limit"].is_number())
        r.criterion_limits.emplace(r.criteria.back().first, c["limit"].get<double>());
    }
  }
  if (doc.contains("exits") && doc["exits"].is_object()) {
    for (const auto& [name, e] : doc["exits"].items()) {
      if (e.contains("count") && e["count"].is_number())
        r.exit_count[name] = e["count"].get<std::int64_t>();
      if (e.contains("peak_flow") && e["peak_flow"].is_number())
        r.exit_peak_flow[name] = e["peak_flow"].get<double>();
    }
  }
  if (!figure.empty()) r.until_figure = follow(doc, figure);
  return r;
}

// [SECTION] Aggregation

bool BatchResult::all_passed() const {
  if (!missing.empty()) return false;
  for (const RunRecord& r : runs) {
    if (!r.completed) return false;
    for (const auto& c : r.criteria)
      if (!c.second) return false;
  }
  return true;
}

BatchResult aggregate(const Sweep& sweep, const std::vector<RunId>& planned,
                      std::vector<RunRecord> records) {
  BatchResult result;
  result.sweep_file = sweep.file;
  result.scenario = sweep.scenario;
  result.until = sweep.until;

  // Deterministic order: variants in file order, seeds ascending.
  const auto variant_index = [&](const std::string& name) {
    for (std::size_t i = 0; i < sweep.variants.size(); ++i)
      if (sweep.variants[i].name == name) return i;
    return sweep.variants.size();
  };
  std::sort(records.begin(), records.end(), [&](const RunRecord& a, const RunRecord& b) {
    const std::size_t va = variant_index(a.variant), vb = variant_index(b.variant);
    return va != vb ? va < vb : a.seed < b.seed;
  });

  for (const RunId& id : planned) {
    const std::string& name = sweep.variants[id.variant].name;
    const bool found = std::any_of(records.begin(), records.end(), [&](const RunRecord& r) {
      return r.variant == name && r.seed == id.seed && r.completed;
    });
    if (!found) result.missing.push_back(run_folder(sweep, id));
  }

  for (const RunRecord& r : records) {
    for (const auto& c : r.criteria)
      if (std::find(result.criteria.begin(), result.criteria.end(), c.first) ==
          result.criteria.end())
        result.criteria.push_back(c.first);
    for (const auto& [name, limit] : r.criterion_limits)
      result.criterion_limits.emplace(name, limit);
  }

  for (std::size_t v = 0; v < sweep.variants.size(); ++v) {
    VariantResult out;
    out.name = sweep.variants[v].name;
    out.set = sweep.variants[v].set;
    out.planned = static_cast<std::size_t>(std::count_if(
        planned.begin(), planned.end(), [&](const RunId& id) { return id.variant == v; }));
    std::vector<double> exited;
    std::map<std::string, std::vector<double>> counts, flows;
    for (const RunRecord& r : records) {
      if (r.variant != out.name) continue;
      ++out.found;
      if (!r.completed) continue;  // interrupted runs are not figures of the scenario
      ++out.completed;
      bool all = true;
      for (const auto& [name, pass] : r.criteria) {
        auto it = std::find_if(out.criteria.begin(), out.criteria.end(),
                               [&](const CriterionRate& c) { return c.name == name; });
        if (it == out.criteria.end()) {
          out.criteria.push_back({name, 0, 0});
          it = out.criteria.end() - 1;
        }
        ++it->runs;
        if (pass) ++it->passed;
        all = all && pass;
      }
      if (all) ++out.all_passed;
      if (r.evacuation_time) out.evacuation_values.push_back(*r.evacuation_time);
      if (r.peak_density) out.peak_density_values.push_back(*r.peak_density);
      if (r.travel_time_p95) out.travel_p95_values.push_back(*r.travel_time_p95);
      exited.push_back(static_cast<double>(r.exited));
      for (const auto& [exit, n] : r.exit_count)
        counts[exit].push_back(static_cast<double>(n));
      for (const auto& [exit, f] : r.exit_peak_flow)
        flows[exit].push_back(f);
      if (r.until_figure) out.until_values.push_back(*r.until_figure);
    }
    out.evacuation_time = describe(out.evacuation_values);
    out.peak_density = describe(out.peak_density_values);
    out.travel_time_p95 = describe(out.travel_p95_values);
    out.exited = describe(exited);
    for (const auto& [exit, values] : counts)
      out.exit_count[exit] = describe(values);
    for (const auto& [exit, values] : flows)
      out.exit_peak_flow[exit] = describe(values);
    if (sweep.until) {
      Convergence c;
      c.values = out.until_values.size();
      c.runs = converged_after(out.until_values, sweep.until->tolerance, sweep.until->window);
      c.converged = c.runs.has_value();
      out.convergence = c;
    }
    result.variants.push_back(std::move(out));
  }
  result.runs = std::move(records);
  return result;
}

// [SECTION] batch.csv and batch.json

std::string batch_csv(const BatchResult& result) {
  std::string out = "variant,seed,completed,evacuation_time,peak_density,travel_time_p95,exited";
  for (const std::string& c : result.criteria)
    out += "," + csv_field("pass_" + c);
  out += "\n";
  for (const RunRecord& r : result.runs) {
    out += csv_field(r.variant) + "," + std::to_string(r.seed) + "," + (r.completed ? "1" : "0") +
           "," + optional_number(r.evacuation_time) + "," + optional_number(r.peak_density) + "," +
           optional_number(r.travel_time_p95) + "," + std::to_string(r.exited);
    for (const std::string& c : result.criteria) {
      out += ",";
      for (const auto& [name, pass] : r.criteria)
        if (name == c) {
          out += pass ? "1" : "0";
          break;
        }
    }
    out += "\n";
  }
  return out;
}

std::string batch_json(const BatchResult& result) {
  ordered_json doc;
  doc["stroom_version"] = STROOM_VERSION_STRING;
  doc["sweep"] = result.sweep_file;
  doc["scenario"] = result.scenario;
  doc["runs"] = result.runs.size();
  doc["missing"] = result.missing;
  doc["all_passed"] = result.all_passed();
  if (result.until) {
    doc["until"] = {{"figure", result.until->figure},
                    {"tolerance", result.until->tolerance},
                    {"window", result.until->window},
                    {"max", result.until->max}};
  }
  doc["variants"] = ordered_json::array();
  for (const VariantResult& v : result.variants) {
    ordered_json out;
    out["name"] = v.name;
    ordered_json set = ordered_json::object();
    for (const Override& o : v.set)
      set[o.key] = o.value;
    out["set"] = set;
    out["planned"] = v.planned;
    out["found"] = v.found;
    out["completed"] = v.completed;
    out["all_passed"] = v.all_passed;
    out["all_pass_rate"] =
        v.completed ? static_cast<double>(v.all_passed) / static_cast<double>(v.completed) : 0.0;
    out["evacuation_time"] = stats_json(v.evacuation_time);
    out["peak_density"] = stats_json(v.peak_density);
    out["travel_time_p95"] = stats_json(v.travel_time_p95);
    out["exited"] = stats_json(v.exited);
    ordered_json exits = ordered_json::object();
    for (const auto& [exit, s] : v.exit_count) {
      exits[exit]["count"] = stats_json(s);
      const auto flow = v.exit_peak_flow.find(exit);
      if (flow != v.exit_peak_flow.end()) exits[exit]["peak_flow"] = stats_json(flow->second);
    }
    out["exits"] = exits;
    out["criteria"] = ordered_json::array();
    for (const CriterionRate& c : v.criteria)
      out["criteria"].push_back(
          {{"name", c.name}, {"runs", c.runs}, {"passed", c.passed}, {"pass_rate", c.rate()}});
    if (v.convergence) {
      out["convergence"] = {{"converged", v.convergence->converged},
                            {"after_runs", v.convergence->runs ? ordered_json(*v.convergence->runs)
                                                               : ordered_json(nullptr)},
                            {"runs_with_value", v.convergence->values}};
    }
    doc["variants"].push_back(out);
  }
  return doc.dump(2) + "\n";
}

}  // namespace stroom::batch
