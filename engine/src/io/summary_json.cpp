// summary.json writer: see stroom/io/summary_json.hpp.
#include "stroom/io/summary_json.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>

#include "stroom/error.hpp"

namespace stroom::io {

namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json criterion_json(const CriterionResult& c) {
  Json j = Json::object();
  j["name"] = c.name;
  j["limit"] = c.limit;
  j["value"] = or_null(c.value);
  j["pass"] = c.pass;
  j["note"] = c.note;
  return j;
}

Json summary_json(const Summary& s, bool include_runtime) {
  Json j = Json::object();
  j["stroom_version"] = s.stroom_version;
  j["scenario"] = s.scenario;
  j["file"] = s.file;
  j["seed"] = s.seed;
  j["model"] = s.model;
  j["step"] = s.step;
  j["simulated_time"] = s.simulated_time;
  j["completed"] = s.completed;

  Json agents = Json::object();
  agents["spawned"] = s.agents.spawned;
  agents["exited"] = s.agents.exited;
  agents["inside"] = s.agents.inside;
  agents["not_entered"] = s.agents.not_entered;
  j["agents"] = agents;

  if (s.groups) {
    Json groups = Json::object();
    groups["count"] = s.groups->count;
    groups["persons"] = s.groups->persons;
    Json sizes = Json::object();
    for (const auto& [size, n] : s.groups->sizes)
      sizes[std::to_string(size)] = n;
    groups["sizes"] = sizes;
    j["groups"] = groups;
  }

  Json evacuation = Json::object();
  evacuation["alarm_time"] = or_null(s.evacuation.alarm_time);
  evacuation["last_exit_time"] = or_null(s.evacuation.last_exit_time);
  evacuation["evacuation_time"] = or_null(s.evacuation.evacuation_time);
  j["evacuation"] = evacuation;

  Json exits = Json::object();
  for (const auto& [name, e] : s.exits) {
    Json x = Json::object();
    x["count"] = e.count;
    x["first"] = or_null(e.first);
    x["last"] = or_null(e.last);
    x["peak_flow"] = e.peak_flow;
    x["width"] = e.width;
    exits[name] = x;
  }
  j["exits"] = exits;

  Json lines = Json::object();
  for (const auto& [name, l] : s.lines) {
    Json x = Json::object();
    x["forward"] = l.forward;
    x["backward"] = l.backward;
    x["peak_flow"] = l.peak_flow;
    lines[name] = x;
  }
  j["lines"] = lines;

  Json zones = Json::object();
  for (const auto& [name, z] : s.zones) {
    Json x = Json::object();
    x["peak_occupancy"] = z.peak_occupancy;
    x["peak_density"] = z.peak_density;
    x["capacity"] = or_null(z.capacity);
    x["area"] = z.area;
    zones[name] = x;
  }
  j["zones"] = zones;
  if (!s.snapshots.empty()) {
    // measure.snapshots (an addition to cli-v1, docs/cli.md): present only when asked for.
    Json snapshots = Json::array();
    for (const Summary::Snapshot& snap : s.snapshots) {
      Json x = Json::object();
      x["time"] = snap.time;
      x["inside"] = snap.inside;
      x["indoors"] = snap.indoors;
      x["densest"] = or_null(snap.densest);
      x["densest_at"] = or_null(snap.densest_at);
      Json by_zone = Json::object();
      for (const auto& [name, n] : snap.zones)
        by_zone[name] = n;
      x["zones"] = by_zone;
      snapshots.push_back(x);
    }
    j["snapshots"] = snapshots;
  }

  Json density = Json::object();
  density["peak"] = or_null(s.density.peak);
  density["peak_time"] = or_null(s.density.peak_time);
  density["peak_at"] = or_null(s.density.peak_at);
  Json exceedance = Json::array();
  for (const auto& e : s.density.exceedance) {
    Json x = Json::object();
    x["threshold"] = e.threshold;
    x["area"] = e.area;
    x["longest"] = e.longest;
    x["area_seconds"] = e.area_seconds;
    exceedance.push_back(x);
  }
  density["exceedance"] = exceedance;
  j["density"] = density;

  Json pressure = Json::object();
  pressure["peak"] = or_null(s.pressure.peak);
  pressure["peak_time"] = or_null(s.pressure.peak_time);
  pressure["peak_at"] = or_null(s.pressure.peak_at);
  pressure["threshold"] = s.pressure.threshold;
  pressure["area_above"] = s.pressure.area_above;
  j["pressure"] = pressure;

  Json travel = Json::object();
  travel["mean"] = or_null(s.travel_time.mean);
  travel["p50"] = or_null(s.travel_time.p50);
  travel["p95"] = or_null(s.travel_time.p95);
  travel["max"] = or_null(s.travel_time.max);
  j["travel_time"] = travel;

  Json criteria = Json::array();
  for (const auto& c : s.criteria)
    criteria.push_back(criterion_json(c));
  j["criteria"] = criteria;
  j["duration_limit_reached"] = s.duration_limit_reached;

  if (s.inputs) {
    Json inputs = Json::object();
    inputs["scenario"] = s.inputs->scenario;
    inputs["overrides"] = s.inputs->overrides;
    Json files = Json::array();
    for (const InputFile& f : s.inputs->files) {
      Json x = Json::object();
      x["path"] = f.path;
      x["original"] = f.original;
      x["sha256"] = f.sha256;
      files.push_back(x);
    }
    inputs["files"] = files;
    j["inputs"] = inputs;
  }

  if (s.capacity) {
    const CapacityFigures& c = *s.capacity;
    Json cap = Json::object();
    cap["norm"] = c.norm;
    cap["norm_title"] = c.norm_title;
    cap["density_norm"] = c.density_norm;
    cap["setting"] = c.setting;
    cap["specific_flow"] = c.specific_flow;
    cap["persons"] = c.persons;
    cap["exit_width"] = c.exit_width;
    cap["flow_time"] = or_null(c.flow_time);
    cap["walking_distance"] = or_null(c.walking_distance);
    cap["walking_time"] = or_null(c.walking_time);
    cap["egress_time"] = or_null(c.egress_time);
    cap["egress_limit"] = or_null(c.egress_limit);
    cap["egress_limit_source"] = c.egress_limit_source;
    j["capacity"] = cap;
  }

  Json stuck = Json::object();
  stuck["after"] = s.stuck.after;
  stuck["progress"] = s.stuck.progress;
  stuck["persons"] = s.stuck.persons;
  Json places = Json::array();
  for (const auto& p : s.stuck.places)
    places.push_back({{"at", {p.x, p.y}}, {"persons", p.persons}, {"since", p.since}});
  stuck["places"] = places;
  j["stuck"] = stuck;

  if (!s.profiles.empty()) {
    Json profiles = Json::object();
    for (const auto& [population, counts] : s.profiles) {
      Json list = Json::array();
      for (const Summary::ProfileCount& c : counts)
        list.push_back({{"profile", c.profile}, {"share", c.share}, {"count", c.count}});
      profiles[population] = list;
    }
    j["profiles"] = profiles;
  }

  if (include_runtime) {
    Json runtime = Json::object();
    runtime["wall_seconds"] = s.runtime.wall_seconds;
    runtime["steps"] = s.runtime.steps;
    runtime["agent_steps"] = s.runtime.agent_steps;
    runtime["agent_steps_per_second"] = s.runtime.agent_steps_per_second;
    runtime["threads"] = s.runtime.threads;
    runtime["stepping_seconds"] = s.runtime.stepping_seconds;
    j["runtime"] = runtime;
  }
  return j;
}

}  // namespace

std::string summary_json_text(const Summary& summary, bool include_runtime) {
  // Non-finite doubles become null (nlohmann's rule); invalid UTF-8 in names is replaced
  // rather than aborting the write of a finished run.
  return summary_json(summary, include_runtime)
             .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

void write_text_file(const std::filesystem::path& file, const std::string& text) {
  write_file_streamed(file, [&text](std::ostream& out) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  });
}

void write_file_streamed(const std::filesystem::path& file,
                         const std::function<void(std::ostream&)>& write) {
  // The temporary name is unique per process and call: several writers of one file (the
  // tasks of a Slurm array all write batch-plan.json) must not rename each other's file away.
  static std::atomic<unsigned> calls{0};
  char suffix[48];
  std::snprintf(suffix, sizeof suffix, ".%ld-%u.partial", static_cast<long>(::getpid()),
                calls.fetch_add(1));
  std::filesystem::path tmp = file;
  tmp += suffix;
  // A file that cannot be written completely (disk full, no permission, file size limit)
  // leaves nothing behind: the temporary is removed and the error names the file and why.
  const auto fail = [&](int error) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw SimulationError("cannot write " + file.string() + ": " +
                          (error != 0 ? std::strerror(error) : "write failed"));
  };
  {
    errno = 0;
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail(errno);
    write(out);
    out.flush();
    if (!out) fail(errno);
    out.close();
    if (!out) fail(errno);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw SimulationError("cannot write " + file.string());
  }
}

void write_summary_json(const Summary& summary, const std::filesystem::path& file) {
  write_text_file(file, summary_json_text(summary));
}

}  // namespace stroom::io
