#include "app.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <thread>

#include "criterion_state.hpp"
#include "key_bindings.hpp"
#include "legend_place.hpp"
#include "scenario_export.hpp"
#include "stroom/level_of_service.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom::view {

namespace fs = std::filesystem;

namespace {

struct SpeedChoice {
  const char* label;
  double factor;  // 0 = as fast as possible
};
constexpr SpeedChoice kSpeeds[] = {{"0.5×", 0.5}, {"1×", 1.0},   {"2×", 2.0},     {"5×", 5.0},
                                   {"10×", 10.0}, {"30×", 30.0}, {"100×", 100.0}, {"max", 0.0}};
constexpr int kSpeedCount = static_cast<int>(std::size(kSpeeds));

const ImVec4 kPass(0.18f, 0.62f, 0.31f, 1.0f);
const ImVec4 kFail(0.82f, 0.18f, 0.18f, 1.0f);
const ImVec4 kMuted(0.55f, 0.58f, 0.62f, 1.0f);

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

std::string format_time(double seconds) {
  if (seconds < 0.0) seconds = 0.0;
  const auto total = static_cast<long>(seconds);
  char buf[32];
  if (total >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60, total % 60);
  else
    std::snprintf(buf, sizeof buf, "%02ld:%04.1f", total / 60,
                  seconds - 60.0 * static_cast<double>(total / 60));
  return buf;
}

App::App(AppOptions options) : options_(options), playback_(std::make_unique<StillPlayback>()) {
  browse_dir_ = fs::current_path().string();
  if (options_.threads <= 0)
    options_.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
}

App::~App() {
  close();
}

// [SECTION] Opening and closing

void App::close() {
  playback_ = std::make_unique<StillPlayback>();  // a live run's worker is joined here
  renderer_.reset();
  venue_.reset();
  scenario_.reset();
  snapshot_ = Snapshot{};
  selection_ = {};
}

bool App::open(const std::string& path, bool start_worker) {
  error_.clear();
  std::error_code ec;
  try {
    if (fs::is_directory(path, ec)) {
      auto rec = std::make_unique<Recording>(load_recording(path));
      if (rec->scenario_path.empty())
        throw std::runtime_error(path + "/summary.json: the scenario file \"" +
                                 rec->summary.value("file", std::string()) +
                                 "\" it names was not found");
      std::vector<Override> overrides;
      for (const std::string& text : rec->overrides)
        overrides.push_back(parse_override(text));
      auto scenario = std::make_unique<Scenario>(load_scenario(rec->scenario_path, overrides));
      auto timeline = element_timeline(*rec, *scenario);
      auto venue = std::make_unique<Venue>(scenario->venue);
      close();
      scenario_path_ = rec->scenario_path;
      scenario_ = std::move(scenario);
      venue_ = std::move(venue);
      playback_ = std::make_unique<ReplayPlayback>(std::move(*rec), std::move(timeline));
      playback_->set_speed(kSpeeds[speed_index_].factor);
      renderer_ = std::make_unique<MapRenderer>(*scenario_, venue_->walkable(), venue_->walls(),
                                                venue_->bounds());
      seek(0.0);
      fit_to_venue();
      report("Replay of " + path);
      return true;
    }
    auto scenario = std::make_unique<Scenario>(load_scenario(path));
    if (options_.seed) scenario->seed = *options_.seed;
    // Geometry problems are scenario errors too: refuse before anything is drawn.
    const auto problems = check_geometry(*scenario);
    if (!problems.empty()) throw ScenarioError(problems);
    close();
    scenario_path_ = path;
    open_live(std::move(scenario), start_worker);
    fit_to_venue();
    report("Opened " + path);
    return true;
  } catch (const ScenarioError& e) {
    error_ = e.what();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  if (!error_.empty() && error_.back() == '\n') error_.pop_back();
  return false;
}

void App::open_live(std::unique_ptr<Scenario> scenario, bool start_worker) {
  scenario_ = std::move(scenario);
  seed_ = scenario_->seed;
  venue_ = std::make_unique<Venue>(scenario_->venue);
  renderer_ = std::make_unique<MapRenderer>(*scenario_, venue_->walkable(), venue_->walls(),
                                            venue_->bounds());
  snapshot_ = Snapshot{};
  if (start_worker) {
    playback_ = std::make_unique<LivePlayback>(*scenario_, options_.threads, live_description());
    playback_->set_speed(kSpeeds[speed_index_].factor);
  } else {
    playback_ = std::make_unique<StillPlayback>(live_description());
  }
}

std::string App::live_description() const {
  return "Live · seed " + std::to_string(seed_) + " · " + scenario_path_;
}

void App::restart(std::uint64_t seed) {
  if (!playback_->is_live()) return;
  auto scenario = std::make_unique<Scenario>(*scenario_);
  scenario->seed = seed;
  const Selection keep = selection_;
  playback_ = std::make_unique<StillPlayback>();  // joins the old run's worker
  renderer_.reset();
  open_live(std::move(scenario), true);
  selection_ = keep.kind == Selection::Kind::person ? Selection{} : keep;
  report("Restarted with seed " + std::to_string(seed));
}

void App::seek(double t) {
  playback_->seek(t, snapshot_);
}

void App::set_window_size(unsigned width, unsigned height) {
  layout_ = compute_layout(static_cast<float>(width), static_cast<float>(height));
  const Vec2 centre = view_.centre();
  const double scale = view_.scale();
  view_.set_viewport(layout_.map);
  view_.set(centre, scale);
}

void App::zoom_map_centre(double factor) {
  view_.zoom_at(
      {layout_.map.left + layout_.map.width * 0.5, layout_.map.top + layout_.map.height * 0.5},
      factor);
}

void App::fit_to_venue() {
  if (venue_) view_.fit(venue_->bounds());
}

void App::report(std::string message) {
  message_ = std::move(message);
  message_age_ = 0.0;
}

std::optional<std::string> App::take_screenshot_request() {
  auto r = std::move(screenshot_request_);
  screenshot_request_.reset();
  return r;
}

std::string App::window_title() const {
  if (!scenario_) return "Stroom";
  return "Stroom — " + scenario_->name + (playback_->is_replay() ? " (replay)" : "");
}

// [SECTION] What-if

bool App::element_open(Selection::Kind kind, int index) const {
  const auto i = static_cast<std::size_t>(index);
  if (kind == Selection::Kind::exit)
    return i >= snapshot_.exit_open.size() || snapshot_.exit_open[i];
  if (kind == Selection::Kind::door)
    return i < snapshot_.door_open.size() ? snapshot_.door_open[i] != 0
                                          : scenario_->venue.doors[i].open;
  if (kind == Selection::Kind::checkpoint)
    return i >= snapshot_.checkpoint_open.size() || snapshot_.checkpoint_open[i] != 0;
  return true;
}

void App::toggle_element(Selection::Kind kind, int index) {
  if (!playback_->is_live()) return;
  const VenueDesc& v = scenario_->venue;
  std::string name;
  if (kind == Selection::Kind::exit) name = v.exits[index].name;
  if (kind == Selection::Kind::door) name = v.doors[index].name;
  if (kind == Selection::Kind::checkpoint) name = v.checkpoints[index].name;
  if (name.empty()) return;
  EventDesc e;
  e.at = snapshot_.time;
  e.kind = element_open(kind, index) ? EventDesc::Kind::close : EventDesc::Kind::open;
  e.target = name;
  e.ref = {kind == Selection::Kind::exit   ? ElementRef::Kind::exit
           : kind == Selection::Kind::door ? ElementRef::Kind::door
                                           : ElementRef::Kind::checkpoint,
           index};
  playback_->schedule(e);
  report(std::string(e.kind == EventDesc::Kind::close ? "Closing " : "Opening ") +
         selection_kind_name(kind) + " '" + name + "' at t = " + format_time(e.at) +
         (playback_->playing() ? "" : " (applied with the next step)"));
}

void App::sound_alarm() {
  if (!playback_->is_live()) return;
  EventDesc e;
  e.at = snapshot_.time;
  e.kind = EventDesc::Kind::evacuate;
  playback_->schedule(e);
  report("Alarm at t = " + format_time(e.at));
}

// [SECTION] Input on the map

void App::handle_event(const sf::Event& event, bool ui_wants_mouse, bool ui_wants_keyboard) {
  switch (event.type) {
    case sf::Event::Resized:
      set_window_size(event.size.width, event.size.height);
      break;
    case sf::Event::MouseWheelScrolled:
      if (!ui_wants_mouse && event.mouseWheelScroll.wheel == sf::Mouse::VerticalWheel)
        view_.zoom_at({static_cast<double>(event.mouseWheelScroll.x),
                       static_cast<double>(event.mouseWheelScroll.y)},
                      std::pow(1.2, event.mouseWheelScroll.delta));
      break;
    case sf::Event::MouseButtonPressed:
      if (!ui_wants_mouse && event.mouseButton.button == sf::Mouse::Left &&
          layout_.map.contains(static_cast<float>(event.mouseButton.x),
                               static_cast<float>(event.mouseButton.y))) {
        dragging_ = true;
        drag_moved_ = false;
        drag_last_ = {static_cast<double>(event.mouseButton.x),
                      static_cast<double>(event.mouseButton.y)};
      }
      break;
    case sf::Event::MouseMoved:
      if (dragging_) {
        const Vec2 p{static_cast<double>(event.mouseMove.x),
                     static_cast<double>(event.mouseMove.y)};
        if (drag_moved_ || distance(p, drag_last_) > 3.0) {
          view_.pan_pixels(p.x - drag_last_.x, p.y - drag_last_.y);
          drag_last_ = p;
          drag_moved_ = true;
        }
      }
      break;
    case sf::Event::MouseButtonReleased:
      if (dragging_ && event.mouseButton.button == sf::Mouse::Left) {
        dragging_ = false;
        if (!drag_moved_ && renderer_) {
          selection_ = renderer_->pick(
              view_,
              {static_cast<double>(event.mouseButton.x), static_cast<double>(event.mouseButton.y)},
              snapshot_);
          const auto k = selection_.kind;
          if (playback_->is_live() && (k == Selection::Kind::exit || k == Selection::Kind::door ||
                                       k == Selection::Kind::checkpoint)) {
            popup_for_ = selection_;
            open_popup_ = true;
          }
        }
      }
      break;
    case sf::Event::KeyPressed:
      if (const auto action = find_key_action(event.key.code, event.key.control, ui_wants_keyboard))
        perform(*action);
      break;
    default:
      break;
  }
}

void App::perform(Action action) {
  const double pan = 80.0;  // px
  switch (action) {
    case Action::play_pause:
      playback_->toggle_playing();
      break;
    case Action::step_forward:
      playback_->step_forward(snapshot_);
      break;
    case Action::step_back:
      playback_->step_back(snapshot_);
      break;
    case Action::slower:
      speed_index_ = std::max(speed_index_ - 1, 0);
      playback_->set_speed(kSpeeds[speed_index_].factor);
      break;
    case Action::faster:
      speed_index_ = std::min(speed_index_ + 1, kSpeedCount - 1);
      playback_->set_speed(kSpeeds[speed_index_].factor);
      break;
    case Action::pan_left:
      view_.pan_pixels(pan, 0);
      break;
    case Action::pan_right:
      view_.pan_pixels(-pan, 0);
      break;
    case Action::pan_up:
      view_.pan_pixels(0, pan);
      break;
    case Action::pan_down:
      view_.pan_pixels(0, -pan);
      break;
    case Action::zoom_in:
      zoom_map_centre(1.25);
      break;
    case Action::zoom_out:
      zoom_map_centre(0.8);
      break;
    case Action::fit:
      fit_to_venue();
      break;
    case Action::clear_selection:
      selection_ = {};
      break;
    case Action::toggle_density:
      layers_.density = !layers_.density;
      break;
    case Action::next_colouring:
      layers_.colour_by = static_cast<ColourBy>((static_cast<int>(layers_.colour_by) + 1) % 3);
      break;
    case Action::toggle_labels:
      layers_.labels = !layers_.labels;
      break;
    case Action::screenshot: {
      char name[64];
      const std::time_t now = std::time(nullptr);
      std::strftime(name, sizeof name, "stroom-view-%Y%m%d-%H%M%S.png", std::localtime(&now));
      screenshot_request_ = name;
      break;
    }
    case Action::open:
      browse_ = Browse::open;
      break;
    case Action::save:
      if (playback_->is_live()) browse_ = Browse::save;
      break;
    case Action::quit:
      quit_ = true;
      break;
    case Action::mouse:
      break;
  }
}

// [SECTION] Per frame

void App::update(double dt) {
  message_age_ += dt;
  playback_->update(dt, snapshot_);
}

void App::render_map(sf::RenderTarget& target) {
  if (!renderer_) {
    sf::RectangleShape backdrop({layout_.map.width, layout_.map.height});
    backdrop.setPosition(layout_.map.left, layout_.map.top);
    backdrop.setFillColor(sf::Color(214, 219, 225));
    target.draw(backdrop);
    return;
  }
  renderer_->draw(target, view_, snapshot_, layers_, selection_);
}

void App::build_ui() {
  ui_menu();
  ui_side_panel();
  ui_timeline();
  if (renderer_) {
    renderer_->draw_labels(ImGui::GetBackgroundDrawList(), view_, snapshot_, layers_, selection_);
    ui_legend();
  } else {
    const char* hint = "Open a scenario (.yaml) or a results folder:  File ▸ Open…  (Ctrl+O)";
    const ImVec2 size = ImGui::CalcTextSize(hint);
    ImGui::GetBackgroundDrawList()->AddText(
        ImVec2(layout_.map.left + (layout_.map.width - size.x) * 0.5f,
               layout_.map.top + layout_.map.height * 0.5f),
        IM_COL32(60, 66, 76, 255), hint);
  }
  ui_element_popup();
  ui_file_browser();
  ui_status();
}

void App::ui_menu() {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open…", shortcut_text(Action::open))) browse_ = Browse::open;
    if (ImGui::MenuItem("Save scenario as…", shortcut_text(Action::save), false,
                        playback_->is_live()))
      browse_ = Browse::save;
    if (ImGui::MenuItem("Screenshot", shortcut_text(Action::screenshot)))
      perform(Action::screenshot);
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", shortcut_text(Action::quit))) quit_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Fit to venue", shortcut_text(Action::fit))) fit_to_venue();
    ImGui::MenuItem("Labels", shortcut_text(Action::toggle_labels), &layers_.labels);
    ImGui::MenuItem("Density overlay (Fruin)", shortcut_text(Action::toggle_density),
                    &layers_.density);
    ImGui::MenuItem("Zones", nullptr, &layers_.zones);
    ImGui::MenuItem("Measurement lines", nullptr, &layers_.lines);
    ImGui::MenuItem("Waypoints", nullptr, &layers_.waypoints);
    ImGui::MenuItem("Persons", nullptr, &layers_.persons);
    ImGui::Separator();
    if (ImGui::MenuItem("Colour by speed", shortcut_text(Action::next_colouring),
                        layers_.colour_by == ColourBy::speed))
      layers_.colour_by = ColourBy::speed;
    if (ImGui::MenuItem("Colour by population", nullptr, layers_.colour_by == ColourBy::population))
      layers_.colour_by = ColourBy::population;
    if (ImGui::MenuItem("Colour by local density", nullptr, layers_.colour_by == ColourBy::density))
      layers_.colour_by = ColourBy::density;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Run", playback_->is_live())) {
    if (ImGui::MenuItem(playback_->playing() ? "Pause" : "Play", shortcut_text(Action::play_pause)))
      playback_->toggle_playing();
    if (ImGui::MenuItem("Step", shortcut_text(Action::step_forward), false, !playback_->playing()))
      playback_->step_forward(snapshot_);
    if (ImGui::MenuItem("Sound the alarm now")) sound_alarm();
    if (ImGui::MenuItem("Restart with the next seed")) restart(seed_ + 1);
    ImGui::EndMenu();
  }
  if (scenario_) {
    const std::string where = playback_->description();
    ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(where.c_str()).x - 16.0f);
    ImGui::TextColored(kMuted, "%s", where.c_str());
  }
  ImGui::EndMainMenuBar();
}

void App::ui_timeline() {
  const PixelRect& r = layout_.timeline;
  ImGui::SetNextWindowPos(ImVec2(r.left, r.top));
  ImGui::SetNextWindowSize(ImVec2(r.width, r.height));
  ImGui::Begin("##timeline", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  const bool have = scenario_ != nullptr;
  ImGui::BeginDisabled(!have);
  if (playback_->is_live()) {
    const bool playing = playback_->playing();
    if (ImGui::Button(playing ? "Pause" : "Play", ImVec2(64, 0))) playback_->set_playing(!playing);
    ImGui::SameLine();
    ImGui::BeginDisabled(playing);
    if (ImGui::Button("Step", ImVec2(52, 0))) playback_->step_forward(snapshot_);
    ImGui::EndDisabled();
  } else if (playback_->is_replay()) {
    if (ImGui::Button("|◀", ImVec2(36, 0))) seek(0.0);
    ImGui::SameLine();
    const bool back = playback_->playing() && playback_->direction() < 0;
    const bool fwd = playback_->playing() && playback_->direction() > 0;
    if (ImGui::Button(back ? "Pause##b" : "Back", ImVec2(56, 0))) playback_->set_playing(!back, -1);
    ImGui::SameLine();
    if (ImGui::Button(fwd ? "Pause" : "Play", ImVec2(56, 0))) playback_->set_playing(!fwd, +1);
    ImGui::SameLine();
    if (ImGui::Button("▶|", ImVec2(36, 0))) seek(playback_->end_time());
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(80);
  if (ImGui::Combo(
          "##speed", &speed_index_,
          [](void*, int i, const char** out) {
            *out = kSpeeds[i].label;
            return true;
          },
          nullptr, kSpeedCount))
    playback_->set_speed(kSpeeds[speed_index_].factor);
  ImGui::SameLine();
  ImGui::Text("t = %s", format_time(snapshot_.time).c_str());
  ImGui::SameLine();
  if (playback_->can_seek()) {
    float t = static_cast<float>(playback_->position());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##time", &t, static_cast<float>(playback_->start_time()),
                           static_cast<float>(playback_->end_time()), "%.1f s"))
      seek(t);
  } else if (scenario_) {
    float progress =
        scenario_->duration > 0 ? static_cast<float>(snapshot_.time / scenario_->duration) : 0.0f;
    const std::string overlay =
        snapshot_.done
            ? "done"
            : (playback_->playing() ? fmt("%.1f× real time", snapshot_.realtime_factor) : "paused");
    ImGui::ProgressBar(std::clamp(progress, 0.0f, 1.0f), ImVec2(-1, 0), overlay.c_str());
  }
  ImGui::EndDisabled();
  static const std::string kHints = hint_line();
  ImGui::TextColored(kMuted, "%s", kHints.c_str());
  ImGui::End();
}

void App::ui_side_panel() {
  const PixelRect& r = layout_.side_panel;
  ImGui::SetNextWindowPos(ImVec2(r.left, r.top));
  ImGui::SetNextWindowSize(ImVec2(r.width, r.height));
  ImGui::Begin("##side", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_AlwaysVerticalScrollbar);
  if (!scenario_) {
    ImGui::TextWrapped("Nothing open.");
    if (!error_.empty()) {
      ImGui::Spacing();
      ImGui::TextColored(kFail, "Could not open:");
      ImGui::TextWrapped("%s", error_.c_str());
    }
    ImGui::End();
    return;
  }
  ImGui::PushFont(nullptr);
  ImGui::TextUnformatted(scenario_->name.c_str());
  ImGui::PopFont();
  ImGui::TextColored(kMuted, "%s",
                     playback_->is_replay() ? "replay of a finished run" : "live simulation");
  if (!snapshot_.error.empty()) {
    ImGui::TextColored(kFail, "Engine error:");
    ImGui::TextWrapped("%s", snapshot_.error.c_str());
  }
  if (!error_.empty()) {
    ImGui::TextColored(kFail, "Could not open:");
    ImGui::TextWrapped("%s", error_.c_str());
  }
  ImGui::Separator();

  // Counters.
  if (ImGui::BeginTable("counts", 2, ImGuiTableFlags_SizingStretchProp)) {
    auto row = [](const char* name, const std::string& value) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(name);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(value.c_str());
    };
    row("Simulated time", format_time(snapshot_.time));
    row("Persons inside", std::to_string(snapshot_.ids.size()));
    if (playback_->is_replay()) {
      row("Spawned (whole run)", std::to_string(snapshot_.spawned));
      row("Exited (whole run)", std::to_string(snapshot_.exited));
    } else {
      row("Spawned", std::to_string(snapshot_.spawned));
      row("Exited", std::to_string(snapshot_.exited));
      row("Waiting to enter", std::to_string(snapshot_.waiting));
      if (snapshot_.not_entered > 0) row("Not entered", std::to_string(snapshot_.not_entered));
    }
    if (snapshot_.alarm_time >= 0.0) row("Alarm at", format_time(snapshot_.alarm_time));
    const double now_peak = renderer_ ? renderer_->density().peak() : 0.0;
    row("Densest cell now", fmt("%.2f P/m²", now_peak) + "  (" +
                                level_of_service_name(level_of_service_for_density(now_peak)) +
                                ")");
    if (snapshot_.summary && snapshot_.summary->density.peak)
      row("Peak density (window)",
          fmt("%.2f P/m²", *snapshot_.summary->density.peak) + " at " +
              format_time(snapshot_.summary->density.peak_time.value_or(0.0)));
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ui_selection();
  if (ImGui::CollapsingHeader("Flows and queues", ImGuiTreeNodeFlags_DefaultOpen)) ui_plots();
  if (ImGui::CollapsingHeader("Criteria", ImGuiTreeNodeFlags_DefaultOpen)) ui_criteria();
  if (ImGui::CollapsingHeader("Events and what-ifs", ImGuiTreeNodeFlags_DefaultOpen)) ui_events();
  if (playback_->is_live() && ImGui::CollapsingHeader("Step profile")) ui_profile();
  if (ImGui::CollapsingHeader("Layers")) {
    ImGui::Checkbox("Labels", &layers_.labels);
    ImGui::SameLine();
    ImGui::Checkbox("Density (Fruin)", &layers_.density);
    ImGui::Checkbox("Zones", &layers_.zones);
    ImGui::SameLine();
    ImGui::Checkbox("Lines", &layers_.lines);
    ImGui::SameLine();
    ImGui::Checkbox("Waypoints", &layers_.waypoints);
    int by = static_cast<int>(layers_.colour_by);
    ImGui::TextUnformatted("Colour persons by");
    ImGui::RadioButton("speed", &by, 0);
    ImGui::SameLine();
    ImGui::RadioButton("population", &by, 1);
    ImGui::SameLine();
    ImGui::RadioButton("density", &by, 2);
    layers_.colour_by = static_cast<ColourBy>(by);
  }
  if (playback_->is_live() && ImGui::CollapsingHeader("Run")) {
    int seed = static_cast<int>(seed_ + 1);
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("seed", &seed);
    ImGui::SameLine();
    if (ImGui::Button("Restart")) restart(static_cast<std::uint64_t>(std::max(1, seed)));
    if (ImGui::Button("Sound the alarm now")) sound_alarm();
  }
  ImGui::End();
}

void App::ui_plots() {
  const float w = ImGui::GetContentRegionAvail().x;
  auto plot = [w](const Series& s, const char* unit, const char* id) {
    const float last = s.values.empty() ? 0.0f : s.values.back();
    const std::string title = s.name + ": " + fmt("%.1f ", last) + unit;
    ImGui::TextUnformatted(title.c_str());
    const float top = std::max(1.0f, s.max() * 1.1f);
    ImGui::PlotLines(id, s.values.data(), static_cast<int>(s.values.size()), 0, nullptr, 0.0f, top,
                     ImVec2(w, 42));
  };
  plot(snapshot_.inside_series, "persons inside", "##inside");
  for (std::size_t i = 0; i < snapshot_.exit_flow.size(); ++i) {
    Series s = snapshot_.exit_flow[i];
    s.name = "exit " + s.name;
    plot(s, "P/s", ("##flow" + std::to_string(i)).c_str());
  }
  for (std::size_t i = 0; i < snapshot_.checkpoint_queue_series.size(); ++i) {
    Series s = snapshot_.checkpoint_queue_series[i];
    s.name = "queue " + s.name;
    plot(s, "persons", ("##queue" + std::to_string(i)).c_str());
  }
  if (!snapshot_.peak_density_series.values.empty())
    plot(snapshot_.peak_density_series, "P/m² (densest cell)", "##density");
  const nlohmann::json& recorded = playback_->recorded_summary();
  if (playback_->is_replay() && snapshot_.exit_flow.empty()) {
    ImGui::TextColored(kMuted, "Exit figures of the whole run (summary.json):");
    if (recorded.contains("exits"))
      for (const auto& [name, e] : recorded["exits"].items())
        ImGui::BulletText("%s: %lld out, peak %.2f P/s", name.c_str(),
                          static_cast<long long>(e.value("count", 0)), e.value("peak_flow", 0.0));
  }
}

void App::ui_criteria() {
  std::vector<CriterionResult> criteria;
  if (snapshot_.summary) criteria = snapshot_.summary->criteria;
  const nlohmann::json& recorded = playback_->recorded_summary();
  if (recorded.contains("criteria"))
    for (const auto& c : recorded["criteria"]) {
      CriterionResult r;
      r.name = c.value("name", "");
      r.limit = c.value("limit", 0.0);
      if (c.contains("value") && c["value"].is_number()) r.value = c["value"].get<double>();
      r.pass = c.value("pass", false);
      r.note = c.value("note", "");
      criteria.push_back(r);
    }
  if (criteria.empty()) {
    ImGui::TextColored(kMuted, "No criteria in this scenario.");
    return;
  }
  if (!playback_->is_replay())
    ImGui::TextColored(kMuted, "As they stand at t = %s:", format_time(snapshot_.time).c_str());
  bool alarm_expected = false;
  if (scenario_)
    for (const EventDesc& e : scenario_->events)
      alarm_expected = alarm_expected || e.kind == EventDesc::Kind::evacuate;
  if (ImGui::BeginTable("criteria", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("criterion");
    ImGui::TableSetupColumn("limit");
    ImGui::TableSetupColumn("value");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (const auto& c : criteria) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.name.c_str());
      if (!c.note.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.note.c_str());
      const std::string unit = criterion_value_unit(c.name);
      const int decimals = criterion_value_decimals(c.name);
      ImGui::TableNextColumn();
      ImGui::Text("%.*f%s", decimals, c.limit, unit.c_str());
      ImGui::TableNextColumn();
      if (c.value)
        ImGui::Text("%.*f%s", decimals, *c.value, unit.c_str());
      else
        ImGui::TextColored(kMuted, "–");
      ImGui::TableNextColumn();
      const CriterionState state = playback_->is_replay()
                                       ? (c.pass ? CriterionState::pass : CriterionState::fail)
                                       : criterion_state(c, snapshot_.time, snapshot_.alarm_time,
                                                         alarm_expected, snapshot_.done);
      if (state == CriterionState::pending)
        ImGui::TextColored(kMuted, "pending");
      else
        ImGui::TextColored(state == CriterionState::pass ? kPass : kFail,
                           state == CriterionState::pass ? "pass" : "FAIL");
    }
    ImGui::EndTable();
  }
}

void App::ui_events() {
  const auto what_ifs = playback_->is_replay()
                            ? std::vector<EventDesc>{}
                            : what_if_events(*scenario_, snapshot_.applied_events);
  if (snapshot_.applied_events.empty()) ImGui::TextColored(kMuted, "No events applied yet.");
  for (const EventDesc& e : snapshot_.applied_events) {
    const bool what_if = std::any_of(what_ifs.begin(), what_ifs.end(), [&](const EventDesc& w) {
      return w.at == e.at && w.kind == e.kind && w.target == e.target;
    });
    const char* kind = e.kind == EventDesc::Kind::evacuate ? "alarm"
                       : e.kind == EventDesc::Kind::close  ? "close"
                                                           : "open";
    ImGui::BulletText("%s  %s %s%s", format_time(e.at).c_str(), kind, e.target.c_str(),
                      what_if ? "   (what-if)" : "");
  }
  if (playback_->is_live()) {
    ImGui::TextColored(kMuted, "Click an exit, door or checkpoint on the map to close or open it.");
    ImGui::BeginDisabled(what_ifs.empty());
    if (ImGui::Button("Save scenario with these what-ifs…")) browse_ = Browse::save;
    ImGui::EndDisabled();
  }
}

void App::ui_profile() {
  if (snapshot_.profile_ms.empty()) return;
  double total = 0.0;
  for (double v : snapshot_.profile_ms)
    total += v;
  ImGui::Text("%.2f ms per step, %.1f× real time", total, snapshot_.realtime_factor);
  for (std::size_t i = 0; i < snapshot_.profile_ms.size(); ++i) {
    const float share = total > 0 ? static_cast<float>(snapshot_.profile_ms[i] / total) : 0.0f;
    ImGui::ProgressBar(share, ImVec2(120, 0), fmt("%.2f ms", snapshot_.profile_ms[i]).c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(snapshot_.profile_names[i].c_str());
  }
}

void App::ui_selection() {
  if (selection_.kind == Selection::Kind::none) return;
  ImGui::Separator();
  const VenueDesc& v = scenario_->venue;
  const auto i = static_cast<std::size_t>(selection_.index);
  ImGui::Text("Selected %s", selection_kind_name(selection_.kind));
  ImGui::SameLine(ImGui::GetContentRegionAvail().x - 10);
  if (ImGui::SmallButton("×")) selection_ = {};
  auto seg = [](const Segment& s) {
    return fmt("(%.1f, ", s.a.x) + fmt("%.1f) – ", s.a.y) + fmt("(%.1f, ", s.b.x) +
           fmt("%.1f)", s.b.y) + fmt(", %.2f m wide", s.length());
  };
  switch (selection_.kind) {
    case Selection::Kind::person: {
      bool found = false;
      for (std::size_t k = 0; k < snapshot_.ids.size(); ++k) {
        if (snapshot_.ids[k] != selection_.index) continue;
        found = true;
        ImGui::Text("id %d", snapshot_.ids[k]);
        if (snapshot_.population[k] >= 0 &&
            snapshot_.population[k] < static_cast<int>(scenario_->populations.size()))
          ImGui::Text("population %s",
                      scenario_->populations[snapshot_.population[k]].name.c_str());
        ImGui::Text("at (%.2f, %.2f) m", snapshot_.x[k], snapshot_.y[k]);
        ImGui::Text("speed %.2f m/s", static_cast<double>(snapshot_.speed[k]));
        const double d =
            renderer_ ? renderer_->density().density_at({snapshot_.x[k], snapshot_.y[k]}) : 0.0;
        ImGui::Text("local density %.2f P/m² (%s)", d,
                    level_of_service_name(level_of_service_for_density(d)));
        if (!playback_->is_replay()) {
          static const char* kActivities[] = {"walking",    "staying",     "queueing",
                                              "in service", "premovement", "evacuating"};
          const int a = snapshot_.activity[k];
          if (a >= 0 && a < 6) ImGui::Text("activity %s", kActivities[a]);
        }
      }
      if (!found) ImGui::TextColored(kMuted, "id %d is not inside now", selection_.index);
      break;
    }
    case Selection::Kind::exit:
      ImGui::Text("%s: %s", v.exits[i].name.c_str(),
                  element_open(selection_.kind, selection_.index) ? "open" : "closed");
      ImGui::TextColored(kMuted, "%s", seg(v.exits[i].line).c_str());
      if (snapshot_.summary && snapshot_.summary->exits.count(v.exits[i].name)) {
        const auto& e = snapshot_.summary->exits.at(v.exits[i].name);
        ImGui::Text("%lld out, peak %.2f P/s", static_cast<long long>(e.count), e.peak_flow);
      }
      break;
    case Selection::Kind::door:
      ImGui::Text("%s: %s", v.doors[i].name.c_str(),
                  element_open(selection_.kind, selection_.index) ? "open" : "closed");
      ImGui::TextColored(kMuted, "%s", seg(v.doors[i].line).c_str());
      break;
    case Selection::Kind::checkpoint:
      ImGui::Text("%s: %d lane(s), %d in queue", v.checkpoints[i].name.c_str(),
                  v.checkpoints[i].lanes,
                  i < snapshot_.checkpoint_queue.size() ? snapshot_.checkpoint_queue[i] : 0);
      ImGui::TextColored(kMuted, "%s", seg(v.checkpoints[i].line).c_str());
      break;
    case Selection::Kind::zone: {
      const auto& z = v.zones[i];
      ImGui::Text("%s", z.name.c_str());
      if (z.capacity) ImGui::Text("capacity %d persons", *z.capacity);
      if (z.max_density) ImGui::Text("max density %.2f P/m²", *z.max_density);
      if (snapshot_.summary && snapshot_.summary->zones.count(z.name)) {
        const auto& f = snapshot_.summary->zones.at(z.name);
        ImGui::Text("area %.0f m², peak %lld persons, %.2f P/m²", f.area,
                    static_cast<long long>(f.peak_occupancy), f.peak_density);
      }
      break;
    }
    case Selection::Kind::waypoint:
      ImGui::Text("%s at (%.1f, %.1f), radius %.1f m", v.waypoints[i].name.c_str(),
                  v.waypoints[i].at.x, v.waypoints[i].at.y, v.waypoints[i].radius);
      break;
    case Selection::Kind::line: {
      ImGui::Text("%s", v.lines[i].name.c_str());
      ImGui::TextColored(kMuted, "%s", seg(v.lines[i].line).c_str());
      if (snapshot_.summary && snapshot_.summary->lines.count(v.lines[i].name)) {
        const auto& l = snapshot_.summary->lines.at(v.lines[i].name);
        ImGui::Text("%lld forward, %lld backward, peak %.2f P/s", static_cast<long long>(l.forward),
                    static_cast<long long>(l.backward), l.peak_flow);
      }
      break;
    }
    case Selection::Kind::none:
      break;
  }
  if (playback_->is_live() &&
      (selection_.kind == Selection::Kind::exit || selection_.kind == Selection::Kind::door ||
       selection_.kind == Selection::Kind::checkpoint)) {
    const bool open = element_open(selection_.kind, selection_.index);
    if (ImGui::Button(open ? "Close it now" : "Open it now"))
      toggle_element(selection_.kind, selection_.index);
  }
  ImGui::Separator();
}

void App::ui_element_popup() {
  if (open_popup_) {
    ImGui::OpenPopup("element");
    open_popup_ = false;
  }
  if (!ImGui::BeginPopup("element")) return;
  const VenueDesc& v = scenario_->venue;
  const auto i = static_cast<std::size_t>(popup_for_.index);
  const std::string name = popup_for_.kind == Selection::Kind::exit   ? v.exits[i].name
                           : popup_for_.kind == Selection::Kind::door ? v.doors[i].name
                                                                      : v.checkpoints[i].name;
  const bool open = element_open(popup_for_.kind, popup_for_.index);
  ImGui::TextColored(kMuted, "%s '%s' is %s", selection_kind_name(popup_for_.kind), name.c_str(),
                     open ? "open" : "closed");
  if (ImGui::MenuItem(open ? "Close now" : "Open now"))
    toggle_element(popup_for_.kind, popup_for_.index);
  ImGui::EndPopup();
}

void App::ui_legend() {
  // In the map corner that covers the fewest persons (legend_place.hpp), sized as last frame.
  const PixelRect& m = layout_.map;
  if (legend_w_ > 0.0f) {
    std::vector<float> xs, ys;
    xs.reserve(snapshot_.x.size());
    ys.reserve(snapshot_.x.size());
    for (std::size_t i = 0; i < snapshot_.x.size(); ++i) {
      const Vec2 p = view_.to_screen({snapshot_.x[i], snapshot_.y[i]});
      xs.push_back(static_cast<float>(p.x));
      ys.push_back(static_cast<float>(p.y));
    }
    legend_corner_ = legend_corner(m, legend_w_, legend_h_, xs, ys, legend_corner_);
  }
  if (legend_w_ > 0.0f) {
    const PixelRect at = legend_rect(m, legend_w_, legend_h_, legend_corner_);
    ImGui::SetNextWindowPos(ImVec2(at.left, at.top), ImGuiCond_Always);
  } else {  // first frame: size unknown, bottom-left
    ImGui::SetNextWindowPos(ImVec2(m.left + 10, m.top + m.height - 10), ImGuiCond_Always,
                            ImVec2(0, 1));
  }
  ImGui::SetNextWindowBgAlpha(0.85f);
  ImGui::Begin("##legend", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto swatch = [dl](Rgba c) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    dl->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + h - 4, p.y + h - 2),
                      IM_COL32(c.r, c.g, c.b, 255), 2.0f);
    ImGui::Dummy(ImVec2(h - 2, h));
    ImGui::SameLine();
  };
  switch (layers_.colour_by) {
    case ColourBy::speed: {
      ImGui::TextUnformatted("Walking speed");
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float w = 160, h = 10;
      for (int k = 0; k < 32; ++k) {
        const Rgba c = speed_colour(1.34 * k / 31.0);
        const float x0 = p.x + w * static_cast<float>(k) / 32.0f;
        dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(x0 + w / 32.0f + 0.5f, p.y + h),
                          IM_COL32(c.r, c.g, c.b, 255));
      }
      ImGui::Dummy(ImVec2(w, h));
      ImGui::Text("0");
      ImGui::SameLine(w - 50);
      ImGui::Text("1.34+ m/s");
      break;
    }
    case ColourBy::population:
      ImGui::TextUnformatted("Population");
      if (playback_->is_replay()) ImGui::TextColored(kMuted, "(not recorded in the trajectories)");
      for (std::size_t k = 0; k < scenario_->populations.size(); ++k) {
        swatch(population_colour(static_cast<int>(k)));
        ImGui::TextUnformatted(scenario_->populations[k].name.c_str());
      }
      break;
    case ColourBy::density:
      ImGui::TextUnformatted("Local density (Fruin)");
      break;
  }
  if (layers_.density || layers_.colour_by == ColourBy::density) {
    if (layers_.colour_by != ColourBy::density) ImGui::TextUnformatted("Density overlay (Fruin)");
    for (int k = 0; k < kLevelOfServiceCount; ++k) {
      const auto level = static_cast<LevelOfService>(k);
      swatch(fruin_colour(level));
      ImGui::Text("%s  %s", level_of_service_name(level), level_of_service_band(level));
    }
  }
  // Scale bar: a round length that is about 100 px long.
  const double metres = 100.0 / view_.scale();
  const double p10 = std::pow(10.0, std::floor(std::log10(metres)));
  const double nice = metres / p10 >= 5 ? 5 * p10 : metres / p10 >= 2 ? 2 * p10 : p10;
  const auto px = static_cast<float>(nice * view_.scale());
  const ImVec2 p = ImGui::GetCursorScreenPos();
  dl->AddLine(ImVec2(p.x, p.y + 6), ImVec2(p.x + px, p.y + 6), IM_COL32(40, 40, 40, 255), 2.0f);
  dl->AddLine(ImVec2(p.x, p.y + 2), ImVec2(p.x, p.y + 10), IM_COL32(40, 40, 40, 255), 2.0f);
  dl->AddLine(ImVec2(p.x + px, p.y + 2), ImVec2(p.x + px, p.y + 10), IM_COL32(40, 40, 40, 255),
              2.0f);
  ImGui::Dummy(ImVec2(px + 4, 12));
  ImGui::SameLine();
  ImGui::Text(nice >= 1000 ? "%.0f km" : "%.0f m", nice >= 1000 ? nice / 1000 : nice);
  legend_w_ = ImGui::GetWindowSize().x;
  legend_h_ = ImGui::GetWindowSize().y;
  ImGui::End();
}

void App::ui_file_browser() {
  if (browse_ == Browse::none) return;
  const bool saving = browse_ == Browse::save;
  ImGui::SetNextWindowSize(ImVec2(560, 440), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  bool keep = true;
  const char* title = saving ? "Save scenario with what-ifs as###browser"
                             : "Open scenario or results folder###browser";
  if (!ImGui::Begin(title, &keep, ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    if (!keep) browse_ = Browse::none;
    return;
  }
  ImGui::SetNextItemWidth(-70);
  ImGui::InputText("##dir", &browse_dir_);
  ImGui::SameLine();
  if (ImGui::Button("Up")) browse_dir_ = fs::path(browse_dir_).parent_path().string();
  std::error_code ec;
  struct Entry {
    std::string name;
    bool dir, results;
  };
  std::vector<Entry> entries;
  for (fs::directory_iterator it(browse_dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    const bool dir = it->is_directory(ec);
    const std::string ext = it->path().extension().string();
    if (!dir && ext != ".yaml" && ext != ".yml") continue;
    entries.push_back({name, dir, dir && fs::is_regular_file(it->path() / "summary.json", ec)});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.dir != b.dir ? a.dir : a.name < b.name;
  });
  ImGui::BeginChild("entries", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 2), true);
  if (ec) ImGui::TextColored(kFail, "%s", ec.message().c_str());
  for (const Entry& e : entries) {
    std::string label =
        (e.dir ? "[dir]  " : "       ") + e.name + (e.results ? "   (results)" : "");
    if (ImGui::Selectable(label.c_str(), browse_name_ == e.name,
                          ImGuiSelectableFlags_AllowDoubleClick)) {
      const std::string full = (fs::path(browse_dir_) / e.name).string();
      const bool twice = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
      if (e.dir && (!e.results || saving || twice)) {
        browse_dir_ = full;  // plain folders open on one click; results folders on two
        browse_name_.clear();
      } else {
        browse_name_ = e.name;  // a scenario file or a results folder: Open (or a double click)
        if (!saving && twice && !e.dir && open(full)) browse_ = Browse::none;
      }
    }
  }
  ImGui::EndChild();
  ImGui::SetNextItemWidth(-90);
  ImGui::InputText("##name", &browse_name_);
  ImGui::SameLine();
  const std::string target = (fs::path(browse_dir_) / browse_name_).string();
  if (saving) {
    if (ImGui::Button("Save", ImVec2(-1, 0)) && !browse_name_.empty()) {
      const auto extra = what_if_events(*scenario_, snapshot_.applied_events);
      const std::string problem = save_scenario_with_events(scenario_path_, target, extra);
      report(problem.empty()
                 ? "Saved " + target + " with " + std::to_string(extra.size()) + " what-if event(s)"
                 : problem);
      if (problem.empty()) browse_ = Browse::none;
    }
  } else {
    if (ImGui::Button("Open", ImVec2(-1, 0))) {
      if (open(browse_name_.empty() ? browse_dir_ : target)) browse_ = Browse::none;
    }
  }
  if (!error_.empty() && !saving)
    ImGui::TextColored(kFail, "%s", error_.substr(0, error_.find('\n')).c_str());
  ImGui::End();
  if (!keep) browse_ = Browse::none;
}

void App::ui_status() {
  if (message_.empty() || message_age_ > 6.0) return;  // report("") clears
  const PixelRect& m = layout_.map;
  ImGui::SetNextWindowPos(ImVec2(m.left + m.width - 10, m.top + m.height - 10), ImGuiCond_Always,
                          ImVec2(1, 1));
  ImGui::SetNextWindowBgAlpha(0.85f);
  ImGui::Begin("##status", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
  ImGui::TextUnformatted(message_.c_str());
  ImGui::End();
}

}  // namespace stroom::view
