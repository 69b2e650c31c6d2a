// What is open in the viewer and how it moves through time. The application holds exactly one
// Playback and never asks which kind it is to play, pause, step, seek or change speed:
//
//   LivePlayback     a simulation on a worker thread (LiveRun): play, step, speed, what-ifs
//   ReplayPlayback   a finished run (Recording): play forwards or backwards, step frames, seek
//   StillPlayback    a snapshot set from outside (headless screenshots, benchmarks) or nothing
//                    open: nothing moves
//
// A Playback fills the application's Snapshot (update, step, seek); the panels read only that
// snapshot. is_live() and is_replay() say what a panel may offer (what-if events, whole-run
// figures), not how to move through time.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "live_run.hpp"
#include "replay.hpp"
#include "snapshot.hpp"
#include "stroom/scenario.hpp"

namespace stroom::view {

class Playback {
 public:
  virtual ~Playback() = default;

  /// A simulation running here that takes commands (play, step, what-if events).
  virtual bool is_live() const { return false; }
  /// A finished run: its figures are the whole run's (summary.json), populations and
  /// activities are not recorded.
  virtual bool is_replay() const { return false; }
  /// One line for the menu bar: where the pictures come from.
  virtual std::string description() const = 0;

  /// Brings `snapshot` up to date, `dt` wall-clock seconds after the last call.
  virtual void update(double dt, Snapshot& snapshot) = 0;
  virtual bool playing() const { return false; }
  /// Plays (direction +1 forwards, -1 backwards where the playback can) or pauses.
  virtual void set_playing(bool /*playing*/, int /*direction*/ = 1) {}
  virtual int direction() const { return 1; }
  void toggle_playing() { set_playing(!playing(), direction()); }
  /// One step forwards: the engine steps once (live, when paused) or the next frame (replay).
  virtual void step_forward(Snapshot& /*snapshot*/) {}
  /// One frame back (replay only).
  virtual void step_back(Snapshot& /*snapshot*/) {}
  /// Simulated seconds per wall-clock second; 0 = as fast as possible.
  virtual void set_speed(double /*factor*/) {}

  /// Whether seek() moves: a replay with frames.
  virtual bool can_seek() const { return false; }
  /// Shows time t, clamped to [start_time(), end_time()].
  virtual void seek(double /*t*/, Snapshot& /*snapshot*/) {}
  virtual double position() const { return 0.0; }  ///< s, the time seek() last showed
  virtual double start_time() const { return 0.0; }
  virtual double end_time() const { return 0.0; }

  /// A what-if event, applied by the engine at its next step (live only).
  virtual void schedule(const EventDesc& /*event*/) {}
  /// summary.json of the replayed run; an empty object for the others.
  virtual const nlohmann::json& recorded_summary() const;
};

class LivePlayback final : public Playback {
 public:
  /// Starts the worker (LiveRun); `description` as Playback::description().
  LivePlayback(const Scenario& scenario, int threads, std::string description);

  bool is_live() const override { return true; }
  std::string description() const override { return description_; }
  void update(double dt, Snapshot& snapshot) override;
  bool playing() const override { return run_.playing(); }
  void set_playing(bool playing, int direction = 1) override;
  void step_forward(Snapshot& snapshot) override;
  void set_speed(double factor) override { run_.set_speed(factor); }
  void schedule(const EventDesc& event) override { run_.schedule(event); }

 private:
  LiveRun run_;
  std::string description_;
};

class ReplayPlayback final : public Playback {
 public:
  /// `timeline` = element_timeline(recording, scenario), resolved once at open.
  ReplayPlayback(Recording recording, ElementTimeline timeline);

  bool is_replay() const override { return true; }
  std::string description() const override { return "Replay · " + recording_.folder; }
  void update(double dt, Snapshot& snapshot) override;
  bool playing() const override { return playing_; }
  void set_playing(bool playing, int direction = 1) override;
  int direction() const override { return direction_; }
  void step_forward(Snapshot& snapshot) override;
  void step_back(Snapshot& snapshot) override;
  /// Factor 0 ("as fast as possible") plays a replay at 100×.
  void set_speed(double factor) override { speed_ = factor > 0.0 ? factor : 100.0; }
  bool can_seek() const override { return recording_.frame_count() > 0; }
  void seek(double t, Snapshot& snapshot) override;
  double position() const override { return time_; }
  double start_time() const override;
  double end_time() const override { return recording_.duration(); }
  const nlohmann::json& recorded_summary() const override { return recording_.summary; }

  const Recording& recording() const { return recording_; }
  std::size_t frame() const { return frame_; }

 private:
  Recording recording_;
  ElementTimeline timeline_;
  double time_ = 0.0;
  double speed_ = 1.0;  ///< simulated s per wall s
  int direction_ = 1;
  bool playing_ = false;
  std::size_t frame_ = static_cast<std::size_t>(-1);  ///< the frame in the snapshot
};

class StillPlayback final : public Playback {
 public:
  explicit StillPlayback(std::string description = {}) : description_(std::move(description)) {}
  std::string description() const override { return description_; }
  void update(double /*dt*/, Snapshot& /*snapshot*/) override {}

 private:
  std::string description_;
};

}  // namespace stroom::view
