// stroom-view's headless modes, for tests, reports and measurements:
//   --screenshot out.png --at 120 [--size 1280x800]   simulate to t, render one frame, save, exit
//   --benchmark-frames N [--synthetic 50000]          render N frames, print the mean frame time
// Everything that can fail on input fails before a window (and X) is needed.
#pragma once

#include <string>

#include "cli_options.hpp"
#include "snapshot.hpp"
#include "stroom/geometry.hpp"

namespace stroom::view {

/// Exit code as the CLI's: 0 done, 2 bad scenario or results folder (FILE:LINE:COL errors on
/// stderr), 3 no display (one line) or internal error.
int run_headless(const ViewerOptions& options);

/// What App::open would refuse in `path`, without drawing anything: "" when it is fine.
std::string input_problem(const std::string& path);

/// Persons spread uniformly over the walkable area, for measuring the drawing cost alone.
Snapshot synthetic_snapshot(const Venue& venue, int count);

}  // namespace stroom::view
