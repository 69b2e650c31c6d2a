#include "cli_options.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

namespace stroom::view {

namespace {

bool parse_size(const std::string& text, unsigned& w, unsigned& h) {
  return std::sscanf(text.c_str(), "%ux%u", &w, &h) == 2 && w >= 320 && h >= 240 && w <= 8192 &&
         h <= 8192;
}

}  // namespace

std::optional<int> parse_viewer_options(int argc, char** argv, ViewerOptions& o) {
  std::string size = "1280x800";
  std::int64_t seed = -1;
  std::string colour_by = "speed";
  CLI::App cli{"stroom-view: watch, question and record a Stroom scenario or a finished run"};
  cli.add_option("path", o.path, "scenario file (live simulation) or results folder (replay)");
  cli.add_option("--screenshot", o.screenshot, "render one frame to this PNG and exit");
  cli.add_option("--at", o.at, "simulated time of the screenshot or benchmark, s")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--size", size, "window size WIDTHxHEIGHT for the headless modes");
  cli.add_option("--benchmark-frames", o.benchmark_frames,
                 "render N frames, print the mean frame time")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--synthetic", o.synthetic,
                 "benchmark: N persons spread over the venue instead of simulating")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--threads", o.threads, "engine worker threads (default: all cores but one)");
  cli.add_option("--seed", seed, "overrides the scenario's seed");
  cli.add_option("--colour-by", colour_by, "speed | population | density | profile")
      ->check(CLI::IsMember({"speed", "population", "density", "profile"}));
  cli.add_flag("--density", o.density, "show the Fruin density overlay");
  cli.add_option("--video", o.video,
                 "render the replay of a results folder to this MP4 (through ffmpeg) and exit");
  cli.add_option("--fps", o.fps, "video frames per second (default 25)")->check(CLI::Range(1, 120));
  cli.add_option("--speed", o.speed, "video: simulated seconds per second of video (default 10)")
      ->check(CLI::Range(0.01, 10000.0));
  cli.add_option("--from", o.from,
                 "video: simulated time of the first frame, s (default: the "
                 "start of the recording)")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--to", o.to,
                 "video: simulated time where the video ends, s (default: the end "
                 "of the recording)")
      ->check(CLI::NonNegativeNumber);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  if (!parse_size(size, o.width, o.height)) {
    std::cerr << "stroom-view: --size must be WIDTHxHEIGHT, e.g. 1280x800\n";
    return 2;
  }
  if (o.headless() && o.path.empty()) {
    std::cerr << "stroom-view: --screenshot, --benchmark-frames and --video need a scenario or "
                 "results folder\n";
    return 2;
  }
  const bool video_only =
      cli.count("--fps") + cli.count("--speed") + cli.count("--from") + cli.count("--to") > 0;
  if (video_only && o.video.empty()) {
    std::cerr << "stroom-view: --fps, --speed, --from and --to go with --video OUT.mp4\n";
    return 2;
  }
  if (!o.video.empty() && (!o.screenshot.empty() || o.benchmark_frames > 0)) {
    std::cerr << "stroom-view: --video cannot be combined with --screenshot or "
                 "--benchmark-frames\n";
    return 2;
  }
  if (seed >= 0) o.seed = static_cast<std::uint64_t>(seed);
  o.colour_by = colour_by == "population" ? ColourBy::population
                : colour_by == "density"  ? ColourBy::density
                : colour_by == "profile"  ? ColourBy::profile
                                          : ColourBy::speed;
  return std::nullopt;
}

AppOptions app_options(const ViewerOptions& o) {
  AppOptions a;
  a.threads = o.threads;
  a.seed = o.seed;
  return a;
}

void configure_app(const ViewerOptions& o, App& app) {
  app.layers().density = o.density;
  app.layers().colour_by = o.colour_by;
  app.set_window_size(o.width, o.height);
}

}  // namespace stroom::view
