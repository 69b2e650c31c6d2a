// Trajectory files from a small synthetic run, read back with libsqlite3: the JuPedSim
// version 2 schema, metadata, row counts, headings, geometry hashes per blocking state,
// persons and events, byte-identical repeat runs, and a valid file after an interruption.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/io/trajectory_writer.hpp"

namespace fs = std::filesystem;
using namespace stroom;

namespace {

Scenario room_scenario() {
  Scenario s;
  s.name = "room";
  s.step = 0.1;
  s.duration = 10.0;
  s.output.frame_interval = 0.5;
  s.venue.walkable = {{{0, 0}, {10, 0}, {10, 4}, {0, 4}}};
  s.venue.exits = {ExitDesc{"east", Segment{{10, 1}, {10, 3}}, {}}};
  s.venue.doors = {DoorDesc{"gate", Segment{{5, 0}, {5, 4}}, true, {}}};
  PopulationDesc p;
  p.name = "visitors";
  p.count = 3;
  p.profiles = {ProfileDesc{"adult", 0.7, {}, {}, true, false, false, {}},
                ProfileDesc{"wheelchair", 0.3, {}, {}, true, false, false, {}}};
  s.populations = {p};
  return s;
}

/// A synthetic run: three persons; person 1 walks east, person 2 stands still after 1 s,
/// person 3 spawns at 1.0 s and leaves at 2.05 s. The door closes at 1.5 s.
struct SyntheticRun {
  std::vector<PersonId> ids;
  std::vector<double> x, y, vx, vy, radius;
  std::vector<int> population;
  std::vector<std::int32_t> group;
  std::vector<std::int32_t> profile;
  std::vector<PersonId> spawned, exited;
  std::vector<Crossing> crossings;
  std::vector<std::uint8_t> blocking;

  StepView view(double t, double step) const {
    StepView v;
    v.time = t;
    v.step = step;
    v.ids = ids;
    v.x = x;
    v.y = y;
    v.vx = vx;
    v.vy = vy;
    v.radius = radius;
    v.population = population;
    v.group = group;
    v.profile = profile;
    v.spawned = spawned;
    v.exited = exited;
    v.crossings = crossings;
    v.wall_blocking = blocking;
    return v;
  }
};

/// Feeds the run to a recorder; returns the number of steps taken. Stops early (without
/// finish) after `stop_after` steps when given.
int feed(io::TrajectoryRecorder& rec, const Venue& venue, int stop_after = -1) {
  SyntheticRun r;
  r.blocking = venue.initial_blocking();
  r.ids = {1, 2};
  r.x = {1.0, 2.0};
  r.y = {1.0, 2.0};
  r.vx = {1.0, 0.0};
  r.vy = {0.0, 1.0};
  r.radius = {0.2, 0.25};
  r.population = {0, 0};
  r.group = {1, 1};    // persons 1 and 2 walk as a group
  r.profile = {0, 1};  // an adult and a wheelchair user
  rec.observe(r.view(0.0, 0.0));
  const double step = 0.1;
  int steps = 0;
  for (int k = 1; k <= 30; ++k) {
    if (stop_after >= 0 && steps >= stop_after) return steps;
    const double t = k * step;
    r.spawned.clear();
    r.exited.clear();
    r.crossings.clear();
    for (std::size_t i = 0; i < r.ids.size(); ++i) {
      r.x[i] += r.vx[i] * step;
      r.y[i] += r.vy[i] * step;
    }
    if (k == 10) {  // person 2 stops; person 3 enters
      r.vx[1] = r.vy[1] = 0.0;
      r.ids.push_back(3);
      r.x.push_back(8.0);
      r.y.push_back(2.0);
      r.vx.push_back(2.0);
      r.vy.push_back(0.0);
      r.radius.push_back(0.3);
      r.population.push_back(0);
      r.group.push_back(0);
      r.profile.push_back(0);
      r.spawned.push_back(3);
    }
    if (k == 15)
      for (int w : venue.walls_of(WallKind::door, 0))
        r.blocking[static_cast<std::size_t>(w)] = 1;
    if (k == 21) {  // person 3 leaves through the east exit
      r.crossings.push_back(Crossing{2.05, 3, CrossingKind::exit, 0, 1});
      r.exited.push_back(3);
      r.ids.pop_back();
      r.group.pop_back();
      r.profile.pop_back();
      r.x.pop_back();
      r.y.pop_back();
      r.vx.pop_back();
      r.vy.pop_back();
      r.radius.pop_back();
      r.population.pop_back();
    }
    if (k == 15) rec.record_event({1.5, "close", "gate"});
    rec.observe(r.view(t, step));
    ++steps;
  }
  return steps;
}

class Db {
 public:
  explicit Db(const fs::path& file) {
    EXPECT_EQ(sqlite3_open_v2(file.string().c_str(), &db_, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
  }
  ~Db() { sqlite3_close(db_); }
  /// All rows of a query, each column as text ("NULL" for null).
  std::vector<std::vector<std::string>> rows(const std::string& sql) const {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
    if (!st) return out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* t = sqlite3_column_text(st, c);
        row.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      out.push_back(row);
    }
    sqlite3_finalize(st);
    return out;
  }
  std::string one(const std::string& sql) const {
    const auto r = rows(sql);
    return r.empty() || r[0].empty() ? "<none>" : r[0][0];
  }
  double number(const std::string& sql) const { return std::stod(one(sql)); }

 private:
  sqlite3* db_ = nullptr;
};

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("stroom_test_io_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path write_sqlite(const fs::path& dir, const std::string& name) {
  const Scenario s = room_scenario();
  const Venue venue(s.venue);
  const fs::path file = dir / name;
  io::TrajectoryRecorder rec(io::make_sqlite_trajectory_writer(file, s, venue),
                             s.output.frame_interval, 2);
  feed(rec, venue);
  rec.finish(true);
  return file;
}

}  // namespace

TEST(StableHash, IsFnv1a64AsSignedInteger) {
  EXPECT_EQ(io::stable_hash(""), static_cast<std::int64_t>(0xcbf29ce484222325ull));
  EXPECT_EQ(io::stable_hash("a"), static_cast<std::int64_t>(0xaf63dc4c8601ec8cull));
  EXPECT_NE(io::stable_hash("POLYGON ((0 0, 1 0, 1 1))"), io::stable_hash("POLYGON ((0 0))"));
}

TEST(SqliteTrajectoryWriter, WritesJuPedSimVersion2Schema) {
  const fs::path file = write_sqlite(temp_dir("schema"), "t.sqlite");
  Db db(file);
  const auto columns = [&](const std::string& table) {
    std::vector<std::string> out;
    for (const auto& r : db.rows("PRAGMA table_info(" + table + ")"))
      out.push_back(r[1] + " " + r[2]);
    return out;
  };
  EXPECT_EQ(columns("trajectory_data"),
            (std::vector<std::string>{"frame INTEGER", "id INTEGER", "pos_x REAL", "pos_y REAL",
                                      "ori_x REAL", "ori_y REAL"}));
  EXPECT_EQ(columns("metadata"), (std::vector<std::string>{"key TEXT", "value TEXT"}));
  EXPECT_EQ(columns("geometry"), (std::vector<std::string>{"hash INTEGER", "wkt TEXT"}));
  EXPECT_EQ(columns("frame_data"),
            (std::vector<std::string>{"frame INTEGER", "geometry_hash INTEGER"}));
  // The index on (frame, id).
  const auto idx = db.rows(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'trajectory_data'");
  ASSERT_EQ(idx.size(), 1u);
  const auto idx_cols = db.rows("PRAGMA index_info(" + idx[0][0] + ")");
  ASSERT_EQ(idx_cols.size(), 2u);
  EXPECT_EQ(idx_cols[0][2], "frame");
  EXPECT_EQ(idx_cols[1][2], "id");

  EXPECT_EQ(db.one("SELECT value FROM metadata WHERE key = 'version'"), "2");
  EXPECT_DOUBLE_EQ(db.number("SELECT value FROM metadata WHERE key = 'fps'"), 2.0);
  EXPECT_DOUBLE_EQ(db.number("SELECT value FROM metadata WHERE key = 'xmin'"), 0.0);
  EXPECT_DOUBLE_EQ(db.number("SELECT value FROM metadata WHERE key = 'xmax'"), 10.0);
  EXPECT_DOUBLE_EQ(db.number("SELECT value FROM metadata WHERE key = 'ymin'"), 0.0);
  EXPECT_DOUBLE_EQ(db.number("SELECT value FROM metadata WHERE key = 'ymax'"), 4.0);
  EXPECT_EQ(db.one("SELECT value FROM metadata WHERE key = 'completed'"), "true");
}

TEST(SqliteTrajectoryWriter, OneRowPerPersonPerFrameWithUnitHeadings) {
  const fs::path file = write_sqlite(temp_dir("rows"), "t.sqlite");
  Db db(file);
  // 3 s at 0.5 s per frame: frames 0..6. Persons: 2 in frames 0..1, 3 in frames 2..4
  // (person 3 from t = 1.0 until it leaves at 2.1), 2 in frames 5..6.
  EXPECT_EQ(db.one("SELECT COUNT(DISTINCT frame) FROM trajectory_data"), "7");
  EXPECT_EQ(db.one("SELECT MIN(frame) || '-' || MAX(frame) FROM trajectory_data"), "0-6");
  EXPECT_EQ(db.one("SELECT COUNT(*) FROM trajectory_data"), "17");
  EXPECT_EQ(db.one("SELECT COUNT(*) FROM trajectory_data WHERE id = 3"), "3");
  // Frame k is the world at k · 0.5 s: person 1 walks 1 m/s east from x = 1.
  EXPECT_NEAR(db.number("SELECT pos_x FROM trajectory_data WHERE frame = 4 AND id = 1"), 3.0, 1e-9);
  EXPECT_EQ(db.one("SELECT COUNT(*) FROM trajectory_data WHERE "
                   "abs(ori_x * ori_x + ori_y * ori_y - 1) > 1e-9"),
            "0");
  // Person 2 walked north, then stood still: the heading stays north.
  EXPECT_EQ(db.one("SELECT ori_x || ',' || ori_y FROM trajectory_data WHERE frame = 6 AND id = 2"),
            "0.0,1.0");
  EXPECT_EQ(db.one("SELECT COUNT(*) FROM frame_data"), "7");
}

TEST(SqliteTrajectoryWriter, EveryRowOfALargeFrameInAnySlotOrder) {
  // 150 persons, listed in an order unlike their ids (slots are reordered by the grid): whole
  // multi-row inserts and a remainder of single rows must together give each person one row
  // with their own position; in the last frame the ids are far apart (the writer's other way
  // of putting them in order).
  const Scenario s = room_scenario();
  const Venue venue(s.venue);
  const fs::path file = temp_dir("large") / "t.sqlite";
  {
    auto writer = io::make_sqlite_trajectory_writer(file, s, venue);
    for (std::int64_t frame = 0; frame < 3; ++frame) {
      io::TrajectoryFrame f;
      f.frame = frame;
      f.time = 0.5 * static_cast<double>(frame);
      f.wall_blocking = venue.initial_blocking();
      for (int k = 0; k < 150; ++k) {
        const PersonId id = (1 + (k * 37) % 150) * (frame == 2 ? 1009 : 1);  // each once
        f.ids.push_back(id);
        f.x.push_back(static_cast<double>(id) + 0.25 * static_cast<double>(frame));
        f.y.push_back(1.0);
        f.vx.push_back(0.0);
        f.vy.push_back(id % 2 == 0 ? 1.0 : -1.0);
      }
      writer->write(f);
    }
    writer->close(true);
  }
  Db db(file);
  EXPECT_EQ(db.one("SELECT COUNT(*) FROM trajectory_data"), "450");
  EXPECT_EQ(db.one("SELECT COUNT(DISTINCT frame * 1000000000 + id) FROM trajectory_data"), "450");
  EXPECT_EQ(db.one("SELECT COUNT(*) FROM trajectory_data WHERE pos_x != id + 0.25 * frame"), "0");
  EXPECT_EQ(db.one("SELECT COUNT(*) FROM trajectory_data WHERE ori_y != (CASE WHEN id % 2 = 0 "
                   "THEN 1.0 ELSE -1.0 END)"),
            "0");
  EXPECT_EQ(db.one("SELECT MIN(id) || '-' || MAX(id) FROM trajectory_data WHERE frame = 1"),
            "1-150");
  EXPECT_EQ(db.one("SELECT MIN(id) || '-' || MAX(id) FROM trajectory_data WHERE frame = 2"),
            "1009-151350");
}

TEST(SqliteTrajectoryWriter, NewGeometryWhenADoorCloses) {
  const Scenario s = room_scenario();
  const Venue venue(s.venue);
  const fs::path file = write_sqlite(temp_dir("geometry"), "t.sqlite");
  Db db(file);
  ASSERT_EQ(db.one("SELECT COUNT(*) FROM geometry"), "2");
  std::vector<std::uint8_t> blocking = venue.initial_blocking();
  const std::string open_wkt = venue.wkt(blocking);
  for (int w : venue.walls_of(WallKind::door, 0))
    blocking[static_cast<std::size_t>(w)] = 1;
  const std::string closed_wkt = venue.wkt(blocking);
  ASSERT_NE(open_wkt, closed_wkt);
  const std::string open_hash = std::to_string(io::stable_hash(open_wkt));
  const std::string closed_hash = std::to_string(io::stable_hash(closed_wkt));
  EXPECT_EQ(db.one("SELECT wkt FROM geometry WHERE hash = " + open_hash), open_wkt);
  EXPECT_EQ(db.one("SELECT wkt FROM geometry WHERE hash = " + closed_hash), closed_wkt);
  // The door closes at 1.5 s: frames 0..2 show it open, 3..6 closed.
  EXPECT_EQ(db.one("SELECT group_concat(frame) FROM (SELECT frame FROM frame_data WHERE "
                   "geometry_hash = " +
                   open_hash + " ORDER BY frame)"),
            "0,1,2");
  EXPECT_EQ(db.one("SELECT COUNT(*) FROM frame_data WHERE geometry_hash = " + closed_hash), "4");
  EXPECT_EQ(db.rows("SELECT time, kind, target FROM events"),
            (std::vector<std::vector<std::string>>{{"1.5", "close", "gate"}}));
}

TEST(SqliteTrajectoryWriter, PersonsTableHoldsSpawnAndExit) {
  Db db(write_sqlite(temp_dir("persons"), "t.sqlite"));
  EXPECT_EQ(
      db.rows("SELECT id, population, radius, spawn_time, exit_time, exit FROM persons "
              "ORDER BY id"),
      (std::vector<std::vector<std::string>>{{"1", "visitors", "0.2", "0.0", "NULL", "NULL"},
                                             {"2", "visitors", "0.25", "0.0", "NULL", "NULL"},
                                             {"3", "visitors", "0.3", "1.0", "2.05", "east"}}));
}

TEST(SqliteTrajectoryWriter, PersonsTableHoldsWalkingGroups) {
  // group_id: the walking group (docs/cli.md), NULL for a person alone.
  Db db(write_sqlite(temp_dir("groups"), "t.sqlite"));
  EXPECT_EQ(db.rows("SELECT id, group_id FROM persons ORDER BY id"),
            (std::vector<std::vector<std::string>>{{"1", "1"}, {"2", "1"}, {"3", "NULL"}}));
}

TEST(SqliteTrajectoryWriter, PersonsTableHoldsVisitorProfiles) {
  // profile: the visitor profile by name (docs/cli.md), NULL without profiles; the tables
  // PedPy reads keep their columns (WritesJuPedSimVersion2Schema).
  Db db(write_sqlite(temp_dir("profiles"), "t.sqlite"));
  EXPECT_EQ(
      db.rows("SELECT id, profile FROM persons ORDER BY id"),
      (std::vector<std::vector<std::string>>{{"1", "adult"}, {"2", "wheelchair"}, {"3", "adult"}}));
}

TEST(SqliteTrajectoryWriter, SameRunGivesSameBytesAndHashes) {
  const fs::path dir = temp_dir("bytes");
  const fs::path a = write_sqlite(dir, "a.sqlite");
  const fs::path b = write_sqlite(dir, "b.sqlite");
  EXPECT_EQ(read_bytes(a), read_bytes(b));
  EXPECT_EQ(Db(a).rows("SELECT hash FROM geometry ORDER BY hash"),
            Db(b).rows("SELECT hash FROM geometry ORDER BY hash"));
}

TEST(SqliteTrajectoryWriter, InterruptedRunLeavesValidFile) {
  const Scenario s = room_scenario();
  const Venue venue(s.venue);
  const fs::path file = temp_dir("interrupted") / "t.sqlite";
  {
    io::TrajectoryRecorder rec(io::make_sqlite_trajectory_writer(file, s, venue), 0.5);
    feed(rec, venue, 12);  // stops after 1.2 s; destroyed without finish()
  }
  Db db(file);
  EXPECT_EQ(db.one("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(db.one("SELECT value FROM metadata WHERE key = 'completed'"), "false");
  EXPECT_EQ(db.one("SELECT COUNT(DISTINCT frame) FROM trajectory_data"), "3");
  EXPECT_FALSE(fs::exists(file.string() + "-journal"));
}

TEST(SqliteTrajectoryWriter, RefusesUnwritablePath) {
  const Scenario s = room_scenario();
  const Venue venue(s.venue);
  EXPECT_THROW(io::make_sqlite_trajectory_writer("/nonexistent-dir/t.sqlite", s, venue),
               SimulationError);
}

TEST(CsvTrajectoryWriter, HeaderAndRows) {
  const Scenario s = room_scenario();
  const Venue venue(s.venue);
  const fs::path file = temp_dir("csv") / "t.csv";
  {
    io::TrajectoryRecorder rec(io::make_csv_trajectory_writer(file), 0.5);
    feed(rec, venue);
    rec.finish(true);
  }
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "frame,time,id,x,y,vx,vy");
  std::getline(in, line);
  EXPECT_EQ(line, "0,0,1,1,1,1,0");
  int rows = 1;
  while (std::getline(in, line))
    ++rows;
  EXPECT_EQ(rows, 17);
}
