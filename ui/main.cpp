// stroom-view: the viewer. `stroom-view [SCENARIO.yaml | RESULTS_DIR] [options]`
//
// Interactive by default (windowed.cpp). Headless modes for tests, reports and measurements
// (headless.cpp):
//   --screenshot out.png --at 120 [--size 1280x800]   simulate to t, render one frame, save, exit
//   --benchmark-frames N [--synthetic 50000]          render N frames, print the mean frame time
//   --video out.mp4 [--fps 25] [--speed 10] [--from T] [--to T]   a replay to MP4 (video.cpp)
// Options: cli_options.cpp; the window and its frame loop: frame_loop.cpp.
// Exit codes as the CLI: 0 done, 2 bad command line or scenario (FILE:LINE:COL errors on
// stderr, checked before any window opens), 3 no display (one line) or internal error.
#include "cli_options.hpp"
#include "headless.hpp"
#include "video.hpp"
#include "windowed.hpp"

int main(int argc, char** argv) {
  using namespace stroom::view;
  ViewerOptions options;
  if (const auto exit_code = parse_viewer_options(argc, argv, options)) return *exit_code;
  if (!options.video.empty()) return run_video(options);
  return options.headless() ? run_headless(options) : run_windowed(options);
}
