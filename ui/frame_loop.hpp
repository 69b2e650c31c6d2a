// The window and its frame loop, shared by the interactive viewer and the headless modes:
//
//   events → App::handle_event()  …  App::update(dt) → App::build_ui() → ImGui::Render()
//   → App::render_map(window) → ImGui draw data → optional screenshot → display
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app.hpp"

namespace stroom::view {

struct FrameLoop {
  unsigned width = 1280, height = 800;  ///< window size, px
  /// Headless: no vsync or frame cap, `frames` frames after a few to settle, the screenshot
  /// (if any) of the last one, and the mean frame time split into its parts when
  /// `benchmark` is set. Interactive: until the window closes or the App asks to quit.
  bool headless = false;
  int frames = 1;
  std::string screenshot;
  bool benchmark = false;
  /// Headless: called before each of the `frames` frames (after the settling ones) with its
  /// index, to put the App where that frame shows it (the video seeks here).
  std::function<void(int frame)> before_frame;
  /// Headless: called after each of the `frames` frames is drawn, with the window's pixels as
  /// RGBA, top row first. Returning false ends the loop with exit code 3.
  std::function<bool(const std::vector<std::uint8_t>& rgba)> after_frame;
};

/// Opens the window, runs the loop, closes it. Returns the exit code: 0, or 3 when a
/// headless screenshot could not be written.
int run_frame_loop(App& app, const FrameLoop& loop);

}  // namespace stroom::view
