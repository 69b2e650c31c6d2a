#include "replay.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unordered_map>

#include "colours.hpp"

namespace stroom::view {

namespace fs = std::filesystem;

namespace {

class Database {
 public:
  explicit Database(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error(path + ": cannot open: " + msg);
    }
  }
  ~Database() { sqlite3_close(db_); }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::string& path) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(path + ": " + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

bool table_exists(sqlite3* db, const char* name) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1,
                         &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  const bool found = sqlite3_step(stmt) == SQLITE_ROW;
  sqlite3_finalize(stmt);
  return found;
}

std::string column_text(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  return text ? reinterpret_cast<const char*>(text) : "";
}

bool column_exists(sqlite3* db, const char* table, const char* column) {
  const std::string sql = std::string("PRAGMA table_info(") + table + ")";
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return false;
  bool found = false;
  while (!found && sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* name = sqlite3_column_text(stmt, 1);
    found = name && std::string(reinterpret_cast<const char*>(name)) == column;
  }
  sqlite3_finalize(stmt);
  return found;
}

/// The persons table: radius, walking group and visitor profile by id (the columns a file
/// lacks stay unknown: files from before walking groups or profiles replay as before).
void read_persons(sqlite3* db, const std::string& db_path, Recording& rec) {
  const bool has_group = column_exists(db, "persons", "group_id");
  const bool has_profile = column_exists(db, "persons", "profile");
  const std::string sql = std::string("SELECT id, radius, ") + (has_group ? "group_id" : "NULL") +
                          ", " + (has_profile ? "profile" : "NULL") + " FROM persons ORDER BY id";
  Statement persons(db, sql.c_str(), db_path);
  std::vector<std::pair<std::int32_t, std::string>> profile_of;
  int rc = 0;
  while ((rc = sqlite3_step(persons.get())) == SQLITE_ROW) {
    const std::int64_t id = sqlite3_column_int64(persons.get(), 0);
    if (id < 0 || id > (std::int64_t{1} << 31) - 2) continue;
    const auto slot = static_cast<std::size_t>(id);
    if (slot >= rec.person_radius.size()) {
      rec.person_radius.resize(slot + 1, 0.0f);
      rec.person_group.resize(slot + 1, 0);
      rec.person_profile.resize(slot + 1, -1);
    }
    if (sqlite3_column_type(persons.get(), 1) != SQLITE_NULL)
      rec.person_radius[slot] = static_cast<float>(sqlite3_column_double(persons.get(), 1));
    if (sqlite3_column_type(persons.get(), 2) != SQLITE_NULL)
      rec.person_group[slot] = static_cast<std::int32_t>(sqlite3_column_int64(persons.get(), 2));
    if (sqlite3_column_type(persons.get(), 3) != SQLITE_NULL)
      profile_of.emplace_back(static_cast<std::int32_t>(id), column_text(persons.get(), 3));
  }
  if (rc != SQLITE_DONE) throw std::runtime_error(db_path + ": " + sqlite3_errmsg(db));
  std::vector<std::string> names;
  for (const auto& [id, name] : profile_of)
    names.push_back(name);
  rec.profile_names = ordered_profile_names(std::move(names));
  for (const auto& [id, name] : profile_of) {
    const auto it = std::find(rec.profile_names.begin(), rec.profile_names.end(), name);
    rec.person_profile[static_cast<std::size_t>(id)] =
        static_cast<std::int32_t>(it - rec.profile_names.begin());
  }
}

/// State at time t (s): events at t count as applied (the frame shows the world after them).
bool open_at(const ElementHistory& h, double t) {
  bool open = h.open_at_start;
  for (const auto& [time, after] : h.changes) {
    if (time > t + 1e-9) break;
    open = after;
  }
  return open;
}

void fill_open(const std::vector<ElementHistory>& histories, double t,
               std::vector<std::uint8_t>& out) {
  out.resize(histories.size());
  for (std::size_t i = 0; i < histories.size(); ++i)
    out[i] = open_at(histories[i], t) ? 1 : 0;
}

}  // namespace

std::size_t Recording::frame_at(double t) const {
  if (frame_numbers.empty()) return 0;
  const double f = t * fps;
  auto it = std::upper_bound(frame_numbers.begin(), frame_numbers.end(),
                             static_cast<std::int64_t>(std::floor(f + 1e-6)));
  if (it == frame_numbers.begin()) return 0;
  return static_cast<std::size_t>(it - frame_numbers.begin()) - 1;
}

std::string resolve_scenario_path(const std::string& folder, const std::string& file) {
  if (file.empty()) return {};
  std::vector<fs::path> candidates{fs::path(file)};
  if (fs::path(file).is_relative()) {
    fs::path base = fs::absolute(folder);
    for (int up = 0; up < 4 && !base.empty(); ++up) {
      candidates.push_back(base / file);
      if (base == base.parent_path()) break;
      base = base.parent_path();
    }
  }
  candidates.push_back(fs::path(folder) / fs::path(file).filename());
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec)) return c.lexically_normal().string();
  }
  return {};
}

Recording load_recording(const std::string& folder) {
  Recording rec;
  rec.folder = folder;
  const fs::path summary_path = fs::path(folder) / "summary.json";
  std::ifstream in(summary_path);
  if (!in)
    throw std::runtime_error(summary_path.string() + ": cannot open (not a results folder?)");
  try {
    rec.summary = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(summary_path.string() + ": " + e.what());
  }
  // The copy inside the folder (summary.json `inputs`, written by `stroom run`) comes first:
  // it is the file the run read, wherever the folder has been moved to.
  if (rec.summary.contains("inputs") && rec.summary["inputs"].is_object()) {
    const nlohmann::json& inputs = rec.summary["inputs"];
    const std::string copy = inputs.value("scenario", std::string());
    std::error_code ec;
    if (!copy.empty() && fs::path(copy).is_relative() &&
        fs::is_regular_file(fs::path(folder) / copy, ec))
      rec.scenario_path = (fs::path(folder) / copy).lexically_normal().string();
    if (inputs.contains("overrides") && inputs["overrides"].is_array())
      for (const auto& o : inputs["overrides"])
        if (o.is_string()) rec.overrides.push_back(o.get<std::string>());
  }
  if (rec.scenario_path.empty())
    rec.scenario_path = resolve_scenario_path(folder, rec.summary.value("file", std::string()));

  const std::string db_path = (fs::path(folder) / "trajectories.sqlite").string();
  if (!fs::is_regular_file(db_path)) throw std::runtime_error(db_path + ": missing");
  Database db(db_path);
  {
    Statement meta(db.get(), "SELECT value FROM metadata WHERE key = 'fps'", db_path);
    if (sqlite3_step(meta.get()) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(meta.get(), 0);
      const double fps = text ? std::atof(reinterpret_cast<const char*>(text)) : 0.0;
      if (fps > 0.0) rec.fps = fps;
    }
  }
  {
    Statement count(db.get(), "SELECT COUNT(*) FROM trajectory_data", db_path);
    if (sqlite3_step(count.get()) == SQLITE_ROW) {
      const auto rows = static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0));
      rec.ids.reserve(rows);
      rec.x.reserve(rows);
      rec.y.reserve(rows);
    }
  }
  Statement rows(db.get(), "SELECT frame, id, pos_x, pos_y FROM trajectory_data ORDER BY frame, id",
                 db_path);
  int rc = 0;
  while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
    const std::int64_t frame = sqlite3_column_int64(rows.get(), 0);
    if (rec.frame_numbers.empty() || rec.frame_numbers.back() != frame) {
      rec.frame_numbers.push_back(frame);
      rec.offsets.push_back(rec.ids.size());
    }
    rec.ids.push_back(static_cast<std::int32_t>(sqlite3_column_int64(rows.get(), 1)));
    rec.x.push_back(static_cast<float>(sqlite3_column_double(rows.get(), 2)));
    rec.y.push_back(static_cast<float>(sqlite3_column_double(rows.get(), 3)));
  }
  if (rc != SQLITE_DONE) throw std::runtime_error(db_path + ": " + sqlite3_errmsg(db.get()));
  rec.offsets.push_back(rec.ids.size());

  if (table_exists(db.get(), "persons")) read_persons(db.get(), db_path, rec);

  rec.has_events = table_exists(db.get(), "events");
  if (rec.has_events) {
    Statement events(db.get(), "SELECT time, kind, target FROM events ORDER BY time, rowid",
                     db_path);
    while ((rc = sqlite3_step(events.get())) == SQLITE_ROW) {
      RecordedEvent e;
      e.time = sqlite3_column_double(events.get(), 0);
      const std::string kind = column_text(events.get(), 1);
      if (kind == "evacuate")
        e.kind = EventDesc::Kind::evacuate;
      else if (kind == "close")
        e.kind = EventDesc::Kind::close;
      else if (kind == "open")
        e.kind = EventDesc::Kind::open;
      else
        throw std::runtime_error(db_path + ": events: unknown kind \"" + kind +
                                 "\" (expected evacuate, close or open)");
      e.target = column_text(events.get(), 2);
      rec.events.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE) throw std::runtime_error(db_path + ": " + sqlite3_errmsg(db.get()));
  }
  return rec;
}

ElementTimeline element_timeline(const Recording& rec, const Scenario& scenario) {
  const VenueDesc& v = scenario.venue;
  ElementTimeline tl;
  tl.exits.resize(v.exits.size());
  tl.doors.resize(v.doors.size());
  for (std::size_t i = 0; i < v.doors.size(); ++i)
    tl.doors[i].open_at_start = v.doors[i].open;
  tl.checkpoints.resize(v.checkpoints.size());

  // The events as the run applied them, or the scenario's own when the file predates the table.
  if (rec.has_events) {
    std::unordered_map<std::string, ElementRef> by_name;
    for (std::size_t i = 0; i < v.exits.size(); ++i)
      by_name.emplace(v.exits[i].name, ElementRef{ElementRef::Kind::exit, static_cast<int>(i)});
    for (std::size_t i = 0; i < v.doors.size(); ++i)
      by_name.emplace(v.doors[i].name, ElementRef{ElementRef::Kind::door, static_cast<int>(i)});
    for (std::size_t i = 0; i < v.checkpoints.size(); ++i)
      by_name.emplace(v.checkpoints[i].name,
                      ElementRef{ElementRef::Kind::checkpoint, static_cast<int>(i)});
    for (const RecordedEvent& r : rec.events) {
      EventDesc e;
      e.at = r.time;
      e.kind = r.kind;
      e.target = r.target;
      if (e.kind != EventDesc::Kind::evacuate) {
        const auto it = by_name.find(r.target);
        if (it == by_name.end()) {
          char at[32];
          std::snprintf(at, sizeof at, "%g", r.time);
          throw std::runtime_error(
              (fs::path(rec.folder) / "trajectories.sqlite").string() + ": the event at " + at +
              " s names \"" + r.target + "\", which is no exit, door or checkpoint of " +
              (scenario.file.empty() ? std::string("the scenario") : scenario.file));
        }
        e.ref = it->second;
      }
      tl.events.push_back(std::move(e));
    }
  } else {
    tl.events = scenario.events;
    std::stable_sort(tl.events.begin(), tl.events.end(),
                     [](const EventDesc& a, const EventDesc& b) { return a.at < b.at; });
  }
  for (const EventDesc& e : tl.events) {
    if (e.kind == EventDesc::Kind::evacuate) {
      if (tl.alarm_time < 0.0) tl.alarm_time = e.at;
      continue;
    }
    std::vector<ElementHistory>* list = e.ref.kind == ElementRef::Kind::exit   ? &tl.exits
                                        : e.ref.kind == ElementRef::Kind::door ? &tl.doors
                                        : e.ref.kind == ElementRef::Kind::checkpoint
                                            ? &tl.checkpoints
                                            : nullptr;
    if (!list || e.ref.index < 0 || static_cast<std::size_t>(e.ref.index) >= list->size())
      continue;  // an unresolved scenario event: the loader reports those
    (*list)[static_cast<std::size_t>(e.ref.index)].changes.emplace_back(
        e.at, e.kind == EventDesc::Kind::open);
  }
  return tl;
}

void fill_snapshot(const Recording& rec, const ElementTimeline& timeline, std::size_t frame,
                   Snapshot& out) {
  out.error.clear();
  if (rec.frame_count() == 0) {
    out = Snapshot{};
    return;
  }
  frame = std::min(frame, rec.frame_count() - 1);
  const std::size_t begin = rec.offsets[frame], end = rec.offsets[frame + 1];
  const std::size_t n = end - begin;
  out.time = rec.time_of(frame);
  out.steps = static_cast<std::int64_t>(frame);
  out.done = frame + 1 == rec.frame_count();
  out.ids.assign(rec.ids.begin() + static_cast<std::ptrdiff_t>(begin),
                 rec.ids.begin() + static_cast<std::ptrdiff_t>(end));
  out.x.resize(n);
  out.y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.x[i] = rec.x[begin + i];
    out.y[i] = rec.y[begin + i];
  }
  // Speed: distance to the same id in the neighbouring frame (merge join; ids ascend).
  out.speed.assign(n, 0.0f);
  const bool has_prev = frame > 0;
  const std::size_t other = has_prev ? frame - 1 : frame + 1;
  if (other < rec.frame_count()) {
    const double dt = std::abs(rec.time_of(frame) - rec.time_of(other));
    std::size_t j = rec.offsets[other];
    const std::size_t j_end = rec.offsets[other + 1];
    for (std::size_t i = 0; i < n && dt > 0.0; ++i) {
      const std::int32_t id = out.ids[i];
      while (j < j_end && rec.ids[j] < id)
        ++j;
      if (j < j_end && rec.ids[j] == id)
        out.speed[i] =
            static_cast<float>(std::hypot(rec.x[j] - out.x[i], rec.y[j] - out.y[i]) / dt);
    }
  }
  out.radius.assign(n, 0.2f);
  out.population.assign(n, -1);
  out.activity.assign(n, 0);
  out.group.assign(n, 0);
  out.visitor_profile.assign(n, -1);
  out.visitor_profile_names = rec.profile_names;
  for (std::size_t i = 0; i < n; ++i) {
    const auto id = static_cast<std::size_t>(out.ids[i]);
    if (id >= rec.person_radius.size()) continue;
    if (rec.person_radius[id] > 0.0f) out.radius[i] = rec.person_radius[id];
    out.group[i] = rec.person_group[id];
    out.visitor_profile[i] = rec.person_profile[id];
  }

  // Exits, doors and checkpoints: the state the run had at this time (timeline, resolved at
  // load).
  fill_open(timeline.exits, out.time, out.exit_open);
  fill_open(timeline.doors, out.time, out.door_open);
  fill_open(timeline.checkpoints, out.time, out.checkpoint_open);
  out.alarm_time = timeline.alarm_time >= 0.0 && timeline.alarm_time <= out.time + 1e-9
                       ? timeline.alarm_time
                       : -1.0;
  out.applied_events.clear();
  for (const EventDesc& e : timeline.events) {
    if (e.at > out.time + 1e-9) break;
    out.applied_events.push_back(e);
  }
  out.checkpoint_queue.assign(timeline.checkpoints.size(), 0);

  out.inside = static_cast<std::int64_t>(n);
  out.series_interval = rec.frame_count() > 1 ? rec.time_of(1) - rec.time_of(0) : 1.0;
  out.inside_series.name = "inside";
  out.inside_series.values.resize(frame + 1);
  for (std::size_t k = 0; k <= frame; ++k)
    out.inside_series.values[k] = static_cast<float>(rec.offsets[k + 1] - rec.offsets[k]);
  const nlohmann::json agents =
      rec.summary.is_object() && rec.summary.contains("agents") && rec.summary["agents"].is_object()
          ? rec.summary["agents"]
          : nlohmann::json::object();
  out.spawned = agents.value("spawned", std::int64_t{0});
  out.exited = agents.value("exited", std::int64_t{0});
  out.not_entered = agents.value("not_entered", std::int64_t{0});
  out.profile_ms.clear();
  out.profile_names.clear();
}

}  // namespace stroom::view
