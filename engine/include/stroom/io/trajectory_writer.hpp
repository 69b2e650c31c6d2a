// Trajectory output: the positions of everyone at every output.frame_interval, for PedPy,
// JuPedSim's tools, the viewer's replay and a reviewer's own analysis.
//
//   simulation ──StepView (every step)──► TrajectoryRecorder ──frames──► bounded queue
//                                          (samples frames,              │ writer thread
//                                           copies what it needs)        ▼
//                                                         TrajectoryWriter (SQLite | CSV)
//
// The recorder runs on the simulation's thread and only copies; a writer thread does the
// formatting and the file work, so output does not stall the step. The queue is bounded: if
// the disk cannot keep up, the simulation waits instead of filling memory.
//
// Frames: frame k holds the world at simulated time k · frame_interval (the first step whose
// end time is within half a step of it); frame 0 is the placement at t = 0. The SQLite file
// states fps = 1 / frame_interval, so frame / fps is the time, as PedPy expects.
//
// SQLite: JuPedSim's trajectory format version 2 (tables trajectory_data, metadata, geometry,
// frame_data) plus Stroom's own tables `persons` and `events`. Transactions are committed
// every few frames at points that depend only on the data (never on timing), so the same run
// gives the same bytes, and a run that is interrupted or killed leaves a valid file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/observation.hpp"
#include "stroom/scenario.hpp"

namespace stroom::io {

/// A person who entered since the previous frame.
struct SpawnRecord {
  PersonId id = 0;
  double time = 0.0;          ///< s
  int population = -1;        ///< index into scenario.populations
  double radius = 0.0;        ///< m
  std::int32_t group = 0;     ///< walking group, 0 = alone (NULL in the persons table)
  std::int32_t profile = -1;  ///< index into the population's profiles, -1 without (NULL)
};

/// A person who left through an exit since the previous frame.
struct ExitRecord {
  PersonId id = 0;
  double time = 0.0;  ///< s, crossing time (interpolated within the step)
  int exit = -1;      ///< index into venue.exits, -1 if not known
};

/// Something that happened to the venue or the crowd (alarm, close, open).
struct EventRecord {
  double time = 0.0;   ///< s
  std::string kind;    ///< "evacuate", "close", "open"
  std::string target;  ///< exit, door or checkpoint name; empty for evacuate
};

/// One output frame: a copy of what a writer needs, owned by the frame.
struct TrajectoryFrame {
  /// False for the records-only tail sent by finish(): spawns, exits and events after the last
  /// frame, without positions.
  bool has_positions = true;
  std::int64_t frame = 0;  ///< frame number; time ≈ frame · frame_interval
  double time = 0.0;       ///< s, simulated time of the step the frame was taken from
  std::vector<PersonId> ids;
  std::vector<double> x, y, vx, vy;         ///< m, m/s
  std::vector<std::uint8_t> wall_blocking;  ///< per wall of the venue
  std::vector<SpawnRecord> spawned;         ///< since the previous frame
  std::vector<ExitRecord> exited;           ///< since the previous frame
  std::vector<EventRecord> events;          ///< since the previous frame
};

/// A file format. Called from one thread (the recorder's writer thread), frames in order.
class TrajectoryWriter {
 public:
  virtual ~TrajectoryWriter() = default;
  virtual void write(const TrajectoryFrame& frame) = 0;
  /// Flushes and closes; `completed` = the run reached its end (not interrupted).
  virtual void close(bool completed) = 0;
};

/// Creates the file (replacing an old one) and writes the header / schema and metadata.
/// Throws SimulationError when the file cannot be created.
std::unique_ptr<TrajectoryWriter> make_sqlite_trajectory_writer(const std::filesystem::path& file,
                                                                const Scenario& scenario,
                                                                const Venue& venue);
/// CSV with the header `frame,time,id,x,y,vx,vy`, one row per person per frame.
std::unique_ptr<TrajectoryWriter> make_csv_trajectory_writer(const std::filesystem::path& file);

/// File name for a format inside a results folder: trajectories.sqlite / trajectories.csv.
std::string trajectory_file_name(TrajectoryFormat format);

/// FNV-1a 64-bit hash of a text, as the signed 64-bit integer SQLite stores. Used for the
/// geometry table: the same WKT gives the same hash in every run and on every machine.
std::int64_t stable_hash(std::string_view text);

/// Samples StepViews into frames and hands them to a writer on its own thread.
class TrajectoryRecorder {
 public:
  /// `writer` may be null (output.trajectories: none): then observe() only keeps counts.
  TrajectoryRecorder(std::unique_ptr<TrajectoryWriter> writer, double frame_interval,
                     std::size_t queue_frames = 16);
  ~TrajectoryRecorder();  ///< closes as interrupted if finish() was not called; never throws
  TrajectoryRecorder(const TrajectoryRecorder&) = delete;
  TrajectoryRecorder& operator=(const TrajectoryRecorder&) = delete;

  /// Call with the view before the first step and after every step. Rethrows a failure of the
  /// writer thread as SimulationError.
  void observe(const StepView& view);
  /// Records an event; it is written with the next frame.
  void record_event(EventRecord event);
  /// Writes the spawns, exits and events recorded since the last frame, drains the queue and
  /// closes the file. Rethrows a failure of the writer thread as SimulationError.
  void finish(bool completed);

  std::int64_t frames_written() const { return frames_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::int64_t frames_ = 0;
};

}  // namespace stroom::io
