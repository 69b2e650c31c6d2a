// The progress bar of `stroom run`: one line on stderr, redrawn in place, only when stderr is a
// terminal and --quiet is not given. Shows simulated time, persons inside and speed relative
// to real time.
#pragma once

#include <chrono>
#include <cstdint>

namespace stroom::cli {

class ProgressBar {
 public:
  /// `duration`: the scenario's duration, s (the bar's 100 %).
  ProgressBar(bool enabled, double duration);
  /// Redraws at most a few times per second.
  void update(double simulated_time, std::int64_t inside);
  /// Clears the line (call before printing anything else).
  void finish();

 private:
  bool enabled_;
  double duration_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

/// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace stroom::cli
