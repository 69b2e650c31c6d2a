// stroom-view's application state and its immediate-mode interface: what is open (a Playback:
// live simulation, replay or a still snapshot), the map's view and layers, the selection, the
// panels, the file browser. One App per window; everything here runs on the UI thread.
//
// app.cpp holds opening, what-ifs, input and the per-frame calls; each group of panels is in
// its own file: panel_bars.cpp (menu bar, timeline), panel_side.cpp (counters, plots,
// criteria, events, profile, layers, run), panel_selection.cpp (selection, element pop-up),
// panel_legend.cpp (legend, status), panel_file_browser.cpp.
//
// Per frame (main.cpp):  events → handle_event()  …  update(dt) → build_ui() → ImGui::Render()
//                        → render_map(window) → ImGui draw data → optional screenshot → display
#pragma once

#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/Window/Event.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "key_bindings.hpp"
#include "map_renderer.hpp"
#include "map_view.hpp"
#include "playback.hpp"
#include "snapshot.hpp"
#include "stroom/geometry.hpp"
#include "stroom/scenario.hpp"

namespace stroom::view {

struct AppOptions {
  int threads = 0;                    ///< engine worker threads, 0 = all cores but one
  std::optional<std::uint64_t> seed;  ///< overrides the scenario's seed
};

class App {
 public:
  explicit App(AppOptions options);
  ~App();

  /// Opens a scenario file (live simulation, paused at t = 0) or a results folder (replay).
  /// On failure returns false and keeps what was open; error() says why (FILE:LINE:COL lines
  /// for scenario errors). `start_worker` = false opens without a worker thread, for the
  /// headless screenshot mode (then the caller sets the snapshot).
  bool open(const std::string& path, bool start_worker = true);
  const std::string& error() const { return error_; }
  bool is_open() const { return scenario_ != nullptr; }
  bool is_replay() const { return playback_->is_replay(); }
  const Playback& playback() const { return *playback_; }
  const Scenario* scenario() const { return scenario_.get(); }

  /// Replaces the snapshot drawn (headless mode, benchmarks).
  void set_snapshot(Snapshot snapshot) { snapshot_ = std::move(snapshot); }
  const Snapshot& snapshot() const { return snapshot_; }
  /// Shows the replay at time t (s).
  void seek(double t);
  /// Shows `factor` (simulated s per wall s) in the speed box when it is one of its choices;
  /// the video sets it so that its frames say how fast they run.
  void show_speed(double factor);

  MapView& map_view() { return view_; }
  MapLayers& layers() { return layers_; }
  /// Window resized (pixels): relayout and keep the map's centre.
  void set_window_size(unsigned width, unsigned height);
  void fit_to_venue();
  /// Zooms by `factor` about the centre of the map area (keyboard + and -).
  void zoom_map_centre(double factor);

  void handle_event(const sf::Event& event, bool ui_wants_mouse, bool ui_wants_keyboard);
  void update(double dt);
  void build_ui();
  void render_map(sf::RenderTarget& target);

  /// A screenshot asked for by F12 or the menu since the last call: the file to write.
  std::optional<std::string> take_screenshot_request();
  void report(std::string message);  ///< shown at the bottom for a few seconds
  bool quit_requested() const { return quit_; }
  std::string window_title() const;
  double persons_draw_ms() const { return renderer_ ? renderer_->persons_ms() : 0.0; }

 private:
  void close();
  /// The map renderer for scenario_ and venue_, with the underlay when there is one.
  void make_renderer();
  void open_live(std::unique_ptr<Scenario> scenario, bool start_worker);
  void restart(std::uint64_t seed);
  std::string live_description() const;  ///< "Live · seed N · path" for the menu bar
  void toggle_element(Selection::Kind kind, int index);
  void sound_alarm();
  void perform(Action action);  ///< what a key (key_bindings.hpp) or its menu item does
  bool element_open(Selection::Kind kind, int index) const;

  void ui_menu();
  void ui_side_panel();
  void ui_timeline();
  void ui_legend();
  void ui_selection();
  void ui_element_popup();
  void ui_file_browser();
  void ui_status();
  void ui_plots();
  void ui_criteria();
  void ui_events();
  void ui_profile();

  AppOptions options_;
  Layout layout_{};
  int legend_corner_ = 0;  ///< legend_place.hpp: 0 bottom-left (the first choice) ... 3
  float legend_w_ = 0.0f, legend_h_ = 0.0f;  ///< the legend's size in the last frame, px
  MapView view_;
  MapLayers layers_;
  Selection selection_;
  std::string error_;

  std::string scenario_path_;
  std::unique_ptr<Scenario> scenario_;
  std::unique_ptr<Venue> venue_;
  std::unique_ptr<MapRenderer> renderer_;
  std::shared_ptr<const UnderlayImage> underlay_;  ///< the venue's plan, decoded; null for none
  /// What is open and how it moves through time; a StillPlayback when nothing is.
  std::unique_ptr<Playback> playback_;
  Snapshot snapshot_;

  // Live controls.
  int speed_index_ = 1;
  std::uint64_t seed_ = 1;

  // Map interaction.
  bool dragging_ = false;
  bool drag_moved_ = false;
  Vec2 drag_last_{};
  Selection popup_for_;
  bool open_popup_ = false;

  // File browser.
  enum class Browse { none, open, save };
  Browse browse_ = Browse::none;
  std::string browse_dir_;
  std::string browse_name_;

  std::optional<std::string> screenshot_request_;
  std::string message_;
  double message_age_ = 0.0;
  bool quit_ = false;
};

/// "1:02:05" / "02:05.3": simulated time for displays.
std::string format_time(double seconds);

}  // namespace stroom::view
