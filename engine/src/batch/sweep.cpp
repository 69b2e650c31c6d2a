// Sweep files (docs/batch.md): parsing with the scenario loader's reader, so that errors have
// the same FILE:LINE:COLUMN form and typo hints; checking each variant by loading the
// scenario with its overrides; the deterministic list of runs and its slices.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenario/yaml_reader.hpp"
#include "stroom/batch.hpp"
#include "stroom/geometry.hpp"

namespace stroom::batch {

namespace {

using scenario_detail::Field;
using scenario_detail::MapFields;
using scenario_detail::YamlReader;

// Keys of summary.json that an `until` figure may start with (cli-v1).
const std::vector<std::string> kSummaryKeys = {
    "simulated_time", "agents",  "evacuation",  "exits",    "lines",
    "zones",          "density", "travel_time", "criteria", "runtime"};

// A variant name becomes a folder name: keep it portable and unambiguous.
bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 100 || name.front() == '.' || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == '+' || c == '=' || c == ',';
  });
}

// The scalar as YAML text that reads back as the same value (quoted where needed).
std::string yaml_text(const YAML::Node& scalar) {
  if (scalar.Tag() != "!") return scalar.Scalar();  // plain scalar: as written
  YAML::Emitter emitter;
  emitter << YAML::DoubleQuoted << scalar.Scalar();
  return emitter.c_str();
}

/// A map or list as one line of flow YAML (an element appended by LIST.+).
std::string flow_text(const YAML::Node& node) {
  YAML::Emitter emitter;
  emitter << YAML::Flow << node;
  return emitter.c_str();
}

void read_seeds(YamlReader& reader, const Field& field, Sweep& sweep) {
  if (field.value.IsScalar()) {
    const auto count = reader.integer(field);
    if (!count) return;
    if (*count < 1 || *count > 1000000) {
      reader.error(field, "must be a number of seeds from 1 to 1000000 (got " +
                              std::to_string(*count) + ")");
      return;
    }
    sweep.seed_count = static_cast<int>(*count);
    return;
  }
  MapFields map(reader, field, {"first", "count"});
  if (!map.ok()) return;
  if (const Field first = map.get("first"); first.present()) {
    if (const auto v = reader.integer(first)) {
      if (*v < 0)
        reader.error(first, "must be a seed >= 0 (got " + std::to_string(*v) + ")");
      else
        sweep.first_seed = static_cast<std::uint64_t>(*v);
    }
  }
  const Field count = map.require("count");
  if (!count.present()) return;
  if (const auto v = reader.integer(count)) {
    if (*v < 1 || *v > 1000000)
      reader.error(count, "must be from 1 to 1000000 (got " + std::to_string(*v) + ")");
    else
      sweep.seed_count = static_cast<int>(*v);
  }
}

void read_until(YamlReader& reader, const Field& field, Sweep& sweep) {
  MapFields map(reader, field, {"figure", "tolerance", "window", "max"});
  if (!map.ok()) return;
  Until until;
  bool ok = true;
  const Field figure = map.require("figure");
  if (figure.present()) {
    const auto text = reader.text(figure);
    if (!text) {
      ok = false;
    } else {
      const std::string root = text->substr(0, text->find('.'));
      const bool has_empty_part = text->empty() || text->front() == '.' || text->back() == '.' ||
                                  text->find("..") != std::string::npos;
      if (has_empty_part ||
          std::find(kSummaryKeys.begin(), kSummaryKeys.end(), root) == kSummaryKeys.end()) {
        reader.error(figure, "'" + *text +
                                 "' is not a dotted path into summary.json (it starts with one "
                                 "of: simulated_time, agents, evacuation, exits, lines, zones, "
                                 "density, travel_time, criteria, runtime)" +
                                 scenario_detail::did_you_mean(root, kSummaryKeys));
        ok = false;
      } else {
        until.figure = *text;
      }
    }
  } else {
    ok = false;
  }
  const Field tolerance = map.require("tolerance");
  if (tolerance.present()) {
    const auto v = reader.number(tolerance);
    if (v && (*v <= 0.0 || *v >= 1.0)) {
      reader.error(tolerance, "must be a relative change between 0 and 1, e.g. 0.01 (got " +
                                  scenario_detail::format_number(*v) + ")");
      ok = false;
    } else if (v) {
      until.tolerance = *v;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  until.window = 10;
  if (const Field window = map.get("window"); window.present()) {
    const auto v = reader.integer(window);
    if (v && (*v < 1 || *v > 10000)) {
      reader.error(window,
                   "must be a number of runs from 1 to 10000 (got " + std::to_string(*v) + ")");
      ok = false;
    } else if (v) {
      until.window = static_cast<int>(*v);
    } else {
      ok = false;
    }
  }
  until.max = 500;
  if (const Field max = map.get("max"); max.present()) {
    const auto v = reader.integer(max);
    if (v && (*v < 1 || *v > 1000000)) {
      reader.error(max,
                   "must be a number of seeds from 1 to 1000000 (got " + std::to_string(*v) + ")");
      ok = false;
    } else if (v && sweep.seed_count > 0 && *v < sweep.seed_count) {
      reader.error(max, "is below `seeds` (" + std::to_string(sweep.seed_count) +
                            "): the first round would already exceed it");
      ok = false;
    } else if (v) {
      until.max = static_cast<int>(*v);
    } else {
      ok = false;
    }
  } else if (sweep.seed_count > until.max) {
    reader.error(field, "`seeds` (" + std::to_string(sweep.seed_count) +
                            ") exceeds the default max of 500; set until.max");
    ok = false;
  }
  if (ok) sweep.until = until;
}

void read_variant(YamlReader& reader, const Field& field, Sweep& sweep) {
  MapFields map(reader, field, {"name", "set"});
  if (!map.ok()) return;
  Variant variant;
  variant.where = field.where;
  const Field name = map.require("name");
  bool ok = name.present();
  if (name.present()) {
    if (const auto text = reader.text(name)) {
      if (!valid_name(*text)) {
        reader.error(name, "'" + *text +
                               "' cannot name a results folder: use letters, digits and - _ . "
                               "+ = , (not starting with . or -)");
        ok = false;
      } else {
        const auto same = std::find_if(sweep.variants.begin(), sweep.variants.end(),
                                       [&](const Variant& v) { return v.name == *text; });
        if (same != sweep.variants.end()) {
          reader.error(name, "duplicate variant name '" + *text + "' (first at line " +
                                 std::to_string(same->where.line) + ")");
          ok = false;
        }
        variant.name = *text;
        variant.where = name.where;
      }
    } else {
      ok = false;
    }
  }
  if (const Field set = map.get("set"); set.present() && !set.value.IsNull()) {
    if (!set.value.IsMap()) {
      reader.error(set, "expected a map of overrides {dotted.key: value}, got " +
                            scenario_detail::describe(set.value));
      ok = false;
    } else {
      std::vector<std::pair<std::string, int>> seen;  // key, line
      for (auto it = set.value.begin(); it != set.value.end(); ++it) {
        const YAML::Mark mark = it->first.Mark();
        const SourceLocation where{reader.file(), mark.line + 1, mark.column + 1};
        const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string{};
        const auto error = [&](const std::string& message) {
          reader.error_at(where, field.path + ".set." + key + ": " + message);
          ok = false;
        };
        const auto first =
            std::find_if(seen.begin(), seen.end(), [&](const auto& k) { return k.first == key; });
        if (first != seen.end()) {
          error("duplicate key (first given at line " + std::to_string(first->second) + ")");
          continue;
        }
        seen.emplace_back(key, where.line);
        const bool append = key.size() >= 2 && key.compare(key.size() - 2, 2, ".+") == 0;
        if (!it->second.IsScalar() && !append) {
          error("an override must be a single value (got " + scenario_detail::describe(it->second) +
                "); only LIST.+ appends a whole element");
          continue;
        }
        if (key == "seed") {
          error("seeds come from the sweep's `seeds`, not from a variant");
          continue;
        }
        try {
          variant.set.push_back(parse_override(
              key + "=" + (it->second.IsScalar() ? yaml_text(it->second) : flow_text(it->second))));
          variant.set_where.push_back(where);
        } catch (const ScenarioError& e) {
          std::string message = e.diagnostics().front().message;
          error(message);
        }
      }
    }
  }
  if (ok) sweep.variants.push_back(std::move(variant));
}

Diagnostic syntax_error(const std::string& file, const YAML::ParserException& e) {
  return {{file, e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + e.msg};
}

}  // namespace

// [SECTION] Parsing

Sweep parse_sweep(const std::string& yaml_text_in, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text_in);
  } catch (const YAML::ParserException& e) {
    throw ScenarioError({syntax_error(file, e)});
  }
  YamlReader reader(file);
  Sweep sweep;
  sweep.file = file;
  const Field top = reader.field(root, "");
  if (!root.IsMap()) {
    throw ScenarioError({{{file, top.where.line > 0 ? top.where.line : 1, 1},
                          "a sweep file is a map of keys starting with `stroom-batch: 1`"}});
  }
  MapFields map(reader, top, {"stroom-batch", "scenario", "seeds", "until", "variants"});
  if (const Field version = map.require("stroom-batch"); version.present()) {
    if (const auto v = reader.integer(version); v && *v != 1)
      reader.error(version,
                   "this Stroom reads sweep files of version 1 (got " + std::to_string(*v) + ")");
  }
  if (const Field scenario = map.require("scenario"); scenario.present()) {
    if (const auto text = reader.text(scenario)) {
      if (text->empty()) {
        reader.error(scenario, "is empty; give the scenario file, relative to the sweep file");
      } else {
        const std::filesystem::path path(*text);
        sweep.scenario =
            path.is_absolute()
                ? path.lexically_normal().string()
                : (std::filesystem::path(file).parent_path() / path).lexically_normal().string();
        sweep.scenario_where = scenario.where;
      }
    }
  }
  if (const Field seeds = map.require("seeds"); seeds.present()) read_seeds(reader, seeds, sweep);
  if (const Field until = map.get("until"); until.present()) read_until(reader, until, sweep);
  if (const Field variants = map.get("variants"); variants.present()) {
    if (reader.expect_sequence(variants, "a list of {name, set} maps")) {
      if (variants.value.size() == 0)
        reader.error(variants, "is empty; leave it out for one variant named 'base'");
      for (std::size_t i = 0; i < variants.value.size(); ++i)
        read_variant(reader, reader.element(variants, i), sweep);
    }
  } else {
    Variant base;
    base.name = "base";
    base.where = top.where;
    sweep.variants.push_back(base);
  }
  if (reader.has_errors()) {
    auto diagnostics = std::move(reader.diagnostics());
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       if (a.where.line != b.where.line) return a.where.line < b.where.line;
                       return a.where.column < b.where.column;
                     });
    throw ScenarioError(std::move(diagnostics));
  }
  return sweep;
}

Sweep load_sweep(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({{{path, 0, 0}, "cannot read the sweep file (does it exist?)"}});
  std::ostringstream text;
  text << in.rdbuf();
  return parse_sweep(text.str(), path);
}

// [SECTION] Checking the variants against the scenario

std::vector<Diagnostic> check_variants(const Sweep& sweep) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(sweep.scenario, ec))
    return {{sweep.scenario_where, "scenario file '" + sweep.scenario +
                                       "' not found (the path is relative to the sweep file)"}};
  // The scenario as written first: its own problems are reported once, in its own file.
  try {
    const Scenario scenario = load_scenario(sweep.scenario);
    std::vector<Diagnostic> problems = check_geometry(scenario);
    if (!problems.empty()) return problems;
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  std::vector<Diagnostic> out;
  for (const Variant& variant : sweep.variants) {
    if (variant.set.empty()) continue;
    std::vector<Diagnostic> problems;
    try {
      const Scenario scenario = load_scenario(sweep.scenario, variant.set);
      problems = check_geometry(scenario);
    } catch (const ScenarioError& e) {
      problems = e.diagnostics();
    }
    for (const Diagnostic& d : problems) {
      // Pin the problem to the override that caused it, when the message names one.
      SourceLocation where = variant.where;
      for (std::size_t i = 0; i < variant.set.size(); ++i) {
        const std::string text = "--set " + variant.set[i].key + "=" + variant.set[i].value;
        if (d.message.find(text) != std::string::npos) {
          where = variant.set_where[i];
          break;
        }
      }
      std::string message = d.where.file == "--set" ? d.message : d.format();
      out.push_back({where, "variant '" + variant.name + "': " + message});
    }
  }
  return out;
}

std::vector<Override> run_overrides(const Variant& variant, std::uint64_t seed) {
  std::vector<Override> out = variant.set;
  out.push_back({"seed", std::to_string(seed)});
  return out;
}

std::string sweep_fingerprint(const Sweep& sweep, const std::string& scenario_text) {
  // FNV-1a, 64 bit: stable across machines and runs.
  std::uint64_t hash = 14695981039346656037ull;
  const auto add = [&](const std::string& text) {
    for (const char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ull;
    }
    hash ^= 0xff;  // separator
    hash *= 1099511628211ull;
  };
  add(scenario_text);
  for (const Variant& v : sweep.variants) {
    add(v.name);
    for (const Override& o : v.set)
      add(o.key + "=" + o.value);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

// [SECTION] Runs and slices

std::vector<RunId> run_list(const Sweep& sweep, int seeds_per_variant) {
  std::vector<RunId> runs;
  for (std::size_t v = 0; v < sweep.variants.size(); ++v)
    for (int i = 0; i < seeds_per_variant; ++i)
      runs.push_back({v, sweep.first_seed + static_cast<std::uint64_t>(i)});
  return runs;
}

int planned_seeds(const Sweep& sweep) {
  return sweep.until ? sweep.until->max : sweep.seed_count;
}

std::vector<RunId> slice(const std::vector<RunId>& runs, int index, int count) {
  std::vector<RunId> out;
  if (count < 1 || index < 0 || index >= count) return out;
  for (std::size_t i = static_cast<std::size_t>(index); i < runs.size();
       i += static_cast<std::size_t>(count))
    out.push_back(runs[i]);
  return out;
}

std::string run_folder(const Sweep& sweep, const RunId& run) {
  return "runs/" + sweep.variants[run.variant].name + "/" + std::to_string(run.seed);
}

}  // namespace stroom::batch
