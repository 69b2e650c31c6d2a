// SQLite trajectory file in JuPedSim's format version 2, plus Stroom's own tables.
//
//   trajectory_data(frame, id, pos_x, pos_y, ori_x, ori_y)   index (frame, id)
//   metadata(key TEXT PRIMARY KEY, value TEXT)               version = 2, fps, xmin..ymax
//   geometry(hash INTEGER UNIQUE, wkt TEXT)                  walkable area per blocking state
//   frame_data(frame, geometry_hash)                         which geometry each frame shows
//   persons(id, population, radius, spawn_time, exit_time, exit, group_id, profile)   (Stroom;
//           group_id: walking group, NULL for a person alone; profile: visitor profile,
//           NULL for a population without profiles)
//   events(time, kind, target)                                      (Stroom)
//
// Transactions: one per batch of frames, the batch ending after kBatchFrames frames or
// kBatchRows rows, whichever comes first. Both depend on the data only, so two identical runs
// produce identical files; the journal keeps the file valid if the process dies mid-batch.
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "stroom/error.hpp"
#include "stroom/io/trajectory_writer.hpp"

namespace stroom::io {

namespace {

constexpr int kBatchFrames = 20;
constexpr std::int64_t kBatchRows = 200000;
/// Trajectory rows per INSERT statement: one step of the statement per row was most of the
/// writer's time (the virtual machine's set-up and reset per row), 64 rows share it.
constexpr int kRowsPerInsert = 64;
constexpr int kColumnsPerRow = 6;

/// "INSERT INTO trajectory_data VALUES (?, ?, ?, ?, ?, ?), …" with `rows` rows.
std::string insert_rows_sql(int rows) {
  std::string sql = "INSERT INTO trajectory_data VALUES ";
  for (int r = 0; r < rows; ++r)
    sql += r == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
  return sql;
}

std::string format_double(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw SimulationError(std::string("trajectories.sqlite: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  /// Steps the statement; the bindings stay (every run binds all of its parameters anew).
  void run_keeping_bindings() {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    if (rc != SQLITE_DONE)
      throw SimulationError(std::string("trajectories.sqlite: ") + sqlite3_errmsg(db_));
  }
  void run() {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (rc != SQLITE_DONE)
      throw SimulationError(std::string("trajectories.sqlite: ") + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteTrajectoryWriter final : public TrajectoryWriter {
 public:
  SqliteTrajectoryWriter(const std::filesystem::path& file, const Scenario& scenario,
                         const Venue& venue)
      : venue_(venue) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
    std::filesystem::path journal = file;
    journal += "-journal";
    std::filesystem::remove(journal, ec);
    // No mutex on the connection: it is created here and then used by one thread at a time
    // (the recorder's writer thread, joined before close); the locking around every bind and
    // step was 4 % of a 50,000-person run's CPU samples.
    if (sqlite3_open_v2(file.string().c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw SimulationError("cannot create " + file.string() + ": " + msg);
    }
    try {
      exec("PRAGMA synchronous = OFF");
      exec("PRAGMA journal_mode = DELETE");
      exec("BEGIN");
      exec(
          "CREATE TABLE trajectory_data (frame INTEGER NOT NULL, id INTEGER NOT NULL, "
          "pos_x REAL NOT NULL, pos_y REAL NOT NULL, ori_x REAL NOT NULL, ori_y REAL NOT NULL)");
      exec("CREATE TABLE metadata (key TEXT NOT NULL UNIQUE PRIMARY KEY, value TEXT NOT NULL)");
      exec("CREATE TABLE geometry (hash INTEGER NOT NULL UNIQUE, wkt TEXT NOT NULL)");
      exec("CREATE TABLE frame_data (frame INTEGER NOT NULL, geometry_hash INTEGER NOT NULL)");
      exec("CREATE INDEX frame_id_idx ON trajectory_data (frame, id)");
      exec(
          "CREATE TABLE persons (id INTEGER NOT NULL PRIMARY KEY, population TEXT, radius REAL, "
          "spawn_time REAL, exit_time REAL, exit TEXT, group_id INTEGER, profile TEXT)");
      exec("CREATE TABLE events (time REAL NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL)");

      const Bounds b = venue.bounds();
      const double fps = 1.0 / scenario.output.frame_interval;
      put_metadata("version", "2");
      put_metadata("fps", format_double(fps));
      put_metadata("xmin", format_double(b.min.x));
      put_metadata("xmax", format_double(b.max.x));
      put_metadata("ymin", format_double(b.min.y));
      put_metadata("ymax", format_double(b.max.y));
      put_metadata("stroom_version", STROOM_VERSION_STRING);
      put_metadata("scenario", scenario.name);
      put_metadata("seed", std::to_string(scenario.seed));
      put_metadata("frame_interval", format_double(scenario.output.frame_interval));
      put_metadata("completed", "false");
      exec("COMMIT");

      for (const PopulationDesc& p : scenario.populations) {
        population_names_.push_back(p.name);
        profile_names_.emplace_back();
        for (const ProfileDesc& profile : p.profiles)
          profile_names_.back().push_back(profile.name);
      }
      for (const ExitDesc& e : scenario.venue.exits)
        exit_names_.push_back(e.name);

      insert_traj_ = std::make_unique<Statement>(db_, insert_rows_sql(1).c_str());
      insert_traj_rows_ = std::make_unique<Statement>(db_, insert_rows_sql(kRowsPerInsert).c_str());
      insert_frame_ = std::make_unique<Statement>(db_, "INSERT INTO frame_data VALUES (?1, ?2)");
      insert_geometry_ =
          std::make_unique<Statement>(db_, "INSERT OR IGNORE INTO geometry VALUES (?1, ?2)");
      insert_person_ = std::make_unique<Statement>(
          db_,
          "INSERT OR IGNORE INTO persons (id, population, radius, spawn_time, group_id, profile) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
      update_exit_ = std::make_unique<Statement>(
          db_, "UPDATE persons SET exit_time = ?2, exit = ?3 WHERE id = ?1");
      insert_event_ = std::make_unique<Statement>(db_, "INSERT INTO events VALUES (?1, ?2, ?3)");
    } catch (...) {
      sqlite3_close(db_);
      db_ = nullptr;
      throw;
    }
  }

  ~SqliteTrajectoryWriter() override {
    insert_traj_.reset();
    insert_traj_rows_.reset();
    insert_frame_.reset();
    insert_geometry_.reset();
    insert_person_.reset();
    update_exit_.reset();
    insert_event_.reset();
    if (db_) {
      if (in_transaction_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
      sqlite3_close(db_);
    }
  }

  void write(const TrajectoryFrame& f) override {
    if (!in_transaction_) {
      exec("BEGIN");
      in_transaction_ = true;
    }
    for (const SpawnRecord& s : f.spawned)
      add_person(s.id, s.population, s.radius, s.time, s.group, s.profile);

    if (f.has_positions) {
      if (!have_blocking_ || f.wall_blocking != blocking_) {
        blocking_ = f.wall_blocking;
        have_blocking_ = true;
        const std::string wkt = venue_.wkt(blocking_);
        geometry_hash_ = stable_hash(wkt);
        insert_geometry_->bind(1, geometry_hash_).bind(2, wkt).run();
      }
      insert_frame_->bind(1, f.frame).bind(2, geometry_hash_).run();
      // Rows in id order: each then lands at the end of the (frame, id) index, which SQLite
      // appends to instead of searching the tree (in the persons' slot order, which the grid
      // reorders, the searches were a large part of the writer's time at 50,000 persons).
      order_by_id(f.ids);
      gather_rows(f);
      // Whole statements of kRowsPerInsert rows, then the rest one row at a time.
      int row_in_statement = 0;
      for (std::size_t r = 0; r < rows_by_id_.size(); ++r) {
        const Row& row = rows_by_id_[r];
        const bool whole = rows_by_id_.size() - (r - static_cast<std::size_t>(row_in_statement)) >=
                           static_cast<std::size_t>(kRowsPerInsert);
        Statement& insert = whole ? *insert_traj_rows_ : *insert_traj_;
        const int first = (whole ? row_in_statement : 0) * kColumnsPerRow;
        insert.bind(first + 1, f.frame)
            .bind(first + 2, static_cast<std::int64_t>(row.id))
            .bind(first + 3, row.x)
            .bind(first + 4, row.y)
            .bind(first + 5, row.heading.x)
            .bind(first + 6, row.heading.y);
        if (!whole) {
          insert.run_keeping_bindings();
        } else if (++row_in_statement == kRowsPerInsert) {
          insert.run_keeping_bindings();
          row_in_statement = 0;
        }
      }
      rows_ += static_cast<std::int64_t>(f.ids.size());
      ++frames_;
    }
    for (const ExitRecord& e : f.exited) {
      update_exit_->bind(1, static_cast<std::int64_t>(e.id)).bind(2, e.time);
      if (e.exit >= 0 && e.exit < static_cast<int>(exit_names_.size()))
        update_exit_->bind(3, exit_names_[static_cast<std::size_t>(e.exit)]);
      else
        update_exit_->bind_null(3);
      update_exit_->run();
      if (e.id >= 0) heading_of(e.id) = kNoHeading;
    }
    for (const EventRecord& ev : f.events)
      insert_event_->bind(1, ev.time).bind(2, ev.kind).bind(3, ev.target).run();

    if (frames_ >= kBatchFrames || rows_ >= kBatchRows) commit();
  }

  void close(bool completed) override {
    if (!in_transaction_) {
      exec("BEGIN");
      in_transaction_ = true;
    }
    put_metadata("completed", completed ? "true" : "false");
    commit();
  }

 private:
  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw SimulationError("trajectories.sqlite: " + msg);
    }
  }

  void commit() {
    if (!in_transaction_) return;
    exec("COMMIT");
    in_transaction_ = false;
    frames_ = 0;
    rows_ = 0;
  }

  void put_metadata(const std::string& key, const std::string& value) {
    Statement st(db_, "INSERT OR REPLACE INTO metadata (key, value) VALUES (?1, ?2)");
    st.bind(1, key).bind(2, value).run();
  }

  void add_person(PersonId id, int population, double radius, double time, std::int32_t group,
                  std::int32_t profile) {
    STROOM_ASSERT(id >= 0);
    const auto slot = static_cast<std::size_t>(id);
    if (slot >= known_.size()) known_.resize(std::max(slot + 1, 2 * known_.size()), 0);
    if (known_[slot] != 0) return;
    known_[slot] = 1;
    insert_person_->bind(1, static_cast<std::int64_t>(id));
    if (population >= 0 && population < static_cast<int>(population_names_.size()))
      insert_person_->bind(2, population_names_[static_cast<std::size_t>(population)]);
    else
      insert_person_->bind_null(2);
    if (radius > 0.0)
      insert_person_->bind(3, radius);
    else
      insert_person_->bind_null(3);
    insert_person_->bind(4, time);
    if (group != 0)
      insert_person_->bind(5, static_cast<std::int64_t>(group));
    else
      insert_person_->bind_null(5);
    const std::vector<std::string>* profiles =
        population >= 0 && population < static_cast<int>(profile_names_.size())
            ? &profile_names_[static_cast<std::size_t>(population)]
            : nullptr;
    if (profiles && profile >= 0 && profile < static_cast<std::int32_t>(profiles->size()))
      insert_person_->bind(6, (*profiles)[static_cast<std::size_t>(profile)]);
    else
      insert_person_->bind_null(6);
    insert_person_->run();
  }

  const Venue& venue_;
  sqlite3* db_ = nullptr;
  bool in_transaction_ = false;
  int frames_ = 0;
  std::int64_t rows_ = 0;
  std::vector<std::uint8_t> blocking_;
  bool have_blocking_ = false;
  std::int64_t geometry_hash_ = 0;
  /// The heading written for each person (by id: ids are dense from 0), kept while they stand;
  /// kNoHeading before they first walk. A flat array: it is read for every row.
  static constexpr Vec2 kNoHeading{1.0, 0.0};
  std::vector<Vec2> heading_;
  std::vector<std::uint8_t> known_;       ///< 1 once the person has their row in `persons`
  std::vector<std::uint32_t> row_order_;  ///< a frame's rows by id (reused from frame to frame)
  std::vector<std::int32_t> row_of_id_;   ///< scratch of order_by_id(): row by id, or -1

  /// row_order_ = the rows of a frame sorted by id. Ids are dense from 1 in a run, so a pass
  /// over an array by id does it in linear time; ids far beyond the frame's size (never from the
  /// simulation) are sorted instead.
  void order_by_id(const std::vector<PersonId>& ids) {
    row_order_.resize(ids.size());
    PersonId largest = 0;
    bool dense = true;
    for (const PersonId id : ids) {
      dense = dense && id >= 0;
      largest = std::max(largest, id);
    }
    const auto span = static_cast<std::size_t>(largest) + 1;
    std::size_t placed = 0;
    if (dense && span <= 4 * ids.size() + 1024) {
      if (row_of_id_.size() < span) row_of_id_.resize(span, -1);
      for (std::size_t k = 0; k < ids.size(); ++k)
        row_of_id_[static_cast<std::size_t>(ids[k])] = static_cast<std::int32_t>(k);
      for (std::size_t id = 0; id < span; ++id) {
        if (row_of_id_[id] < 0) continue;
        row_order_[placed++] = static_cast<std::uint32_t>(row_of_id_[id]);
        row_of_id_[id] = -1;
      }
    }
    if (placed == ids.size()) return;
    // Sparse ids, or an id twice (neither comes from the simulation): sort.
    for (std::size_t k = 0; k < ids.size(); ++k)
      row_order_[k] = static_cast<std::uint32_t>(k);
    std::stable_sort(row_order_.begin(), row_order_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return ids[a] < ids[b]; });
  }

  /// One row of trajectory_data, as bound.
  struct Row {
    PersonId id;
    double x, y;
    Vec2 heading;
  };
  std::vector<Row> rows_by_id_;  ///< a frame's rows in id order (reused from frame to frame)

  /// rows_by_id_ = the frame's rows in the order of row_order_, with each person's heading
  /// (kept while they stand), registering persons seen for the first time. The frame's arrays
  /// are in the simulation's slot order, so taking them by id reads them at random: on its own
  /// pass, with the rows a few ahead prefetched, the reads overlap (mixed with the binding
  /// calls they waited one by one: a fifth of the writer thread's time at 50,000 persons).
  void gather_rows(const TrajectoryFrame& f) {
    constexpr std::size_t kAhead = 16;
    const std::size_t rows = row_order_.size();
    rows_by_id_.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      if (r + kAhead < rows) {
        const std::size_t ahead = row_order_[r + kAhead];
        __builtin_prefetch(&f.ids[ahead]);
        __builtin_prefetch(&f.x[ahead]);
        __builtin_prefetch(&f.y[ahead]);
        __builtin_prefetch(&f.vx[ahead]);
        __builtin_prefetch(&f.vy[ahead]);
      }
      const std::size_t k = row_order_[r];
      const PersonId id = f.ids[k];
      // Persons placed at t = 0 may not appear in a spawn list; register them when first seen.
      add_person(id, -1, -1.0, f.time, 0, -1);
      Vec2& heading = heading_of(id);
      const Vec2 v{f.vx[k], f.vy[k]};
      if (length_squared(v) > 1e-12) heading = normalized(v);
      rows_by_id_[r] = Row{id, f.x[k], f.y[k], heading};
    }
  }

  Vec2& heading_of(PersonId id) {
    STROOM_ASSERT(id >= 0);
    const auto slot = static_cast<std::size_t>(id);
    if (slot >= heading_.size())
      heading_.resize(std::max(slot + 1, 2 * heading_.size()), kNoHeading);
    return heading_[slot];
  }
  std::vector<std::string> population_names_;
  std::vector<std::vector<std::string>> profile_names_;  ///< by population
  std::vector<std::string> exit_names_;
  std::unique_ptr<Statement> insert_traj_rows_;  ///< kRowsPerInsert rows at a time
  std::unique_ptr<Statement> insert_traj_, insert_frame_, insert_geometry_, insert_person_,
      update_exit_, insert_event_;
};

}  // namespace

std::unique_ptr<TrajectoryWriter> make_sqlite_trajectory_writer(const std::filesystem::path& file,
                                                                const Scenario& scenario,
                                                                const Venue& venue) {
  return std::make_unique<SqliteTrajectoryWriter>(file, scenario, venue);
}

}  // namespace stroom::io
