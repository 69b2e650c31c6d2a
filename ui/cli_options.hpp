// stroom-view's command line: `stroom-view [SCENARIO.yaml | RESULTS_DIR] [options]`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app.hpp"

namespace stroom::view {

struct ViewerOptions {
  std::string path;        ///< scenario file (live) or results folder (replay); may be empty
  std::string screenshot;  ///< headless: render one frame to this PNG and exit
  double at = 0.0;         ///< headless: simulated time of the screenshot or benchmark, s
  unsigned width = 1280, height = 800;  ///< --size WIDTHxHEIGHT
  int benchmark_frames = 0;             ///< headless: render N frames, print the frame time
  int synthetic = 0;                    ///< benchmark: N persons instead of simulating
  int threads = 0;                      ///< engine worker threads, 0 = all cores but one
  std::optional<std::uint64_t> seed;    ///< overrides the scenario's seed
  ColourBy colour_by = ColourBy::speed;
  bool density = false;            ///< the Fruin density overlay
  std::string video;               ///< headless: render the replay to this MP4 and exit (video.hpp)
  int fps = 25;                    ///< video frames per second
  double speed = 10.0;             ///< video: simulated seconds per second of video
  std::optional<double> from, to;  ///< video: simulated time of the first and last frame, s

  /// --screenshot, --benchmark-frames or --video: no interaction, a fixed number of frames.
  bool headless() const { return !screenshot.empty() || benchmark_frames > 0 || !video.empty(); }
};

/// Parses the command line into `out`. Returns nullopt to go on, or the exit code to exit with
/// now: 0 after --help, 2 for a bad command line (the message is already on stderr).
std::optional<int> parse_viewer_options(int argc, char** argv, ViewerOptions& out);

/// An App set up as the options say (threads, seed, layers, window size); nothing open yet.
void configure_app(const ViewerOptions& options, App& app);
AppOptions app_options(const ViewerOptions& options);

}  // namespace stroom::view
