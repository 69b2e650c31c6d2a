#include "app.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <thread>

#include "key_bindings.hpp"
#include "panel_common.hpp"
#include "stroom/scenario_loader.hpp"
#include "underlay_reader.hpp"

namespace stroom::view {

namespace fs = std::filesystem;

namespace {

/// The venue's underlay plan decoded for a texture (null when the venue has none); throws
/// ScenarioError when the plan cannot be drawn, as `stroom validate` reports it.
std::shared_ptr<const UnderlayImage> decode_underlay(const Scenario& scenario) {
  if (!scenario.venue.underlay) return nullptr;
  constexpr unsigned kLargestSide = 4096;  // sharp at a few pixels per metre on a site plan
  const int side = static_cast<int>(std::min(kLargestSide, sf::Texture::getMaximumSize()));
  return std::make_shared<const UnderlayImage>(underlay::decode(scenario.venue, side));
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

void App::make_renderer() {
  renderer_ = std::make_unique<MapRenderer>(*scenario_, venue_->walkable(), venue_->walls(),
                                            venue_->bounds());
  if (underlay_) renderer_->set_underlay(*underlay_);
}

void App::close() {
  playback_ = std::make_unique<StillPlayback>();  // a live run's worker is joined here
  renderer_.reset();
  underlay_.reset();
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
      auto underlay = decode_underlay(*scenario);
      close();
      scenario_path_ = rec->scenario_path;
      scenario_ = std::move(scenario);
      venue_ = std::move(venue);
      underlay_ = std::move(underlay);
      if (underlay_) layers_.underlay_opacity = static_cast<float>(underlay_->opacity);
      playback_ = std::make_unique<ReplayPlayback>(std::move(*rec), std::move(timeline));
      playback_->set_speed(kSpeeds[speed_index_].factor);
      make_renderer();
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
    auto underlay = decode_underlay(*scenario);
    close();
    scenario_path_ = path;
    underlay_ = std::move(underlay);
    if (underlay_) layers_.underlay_opacity = static_cast<float>(underlay_->opacity);
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
  make_renderer();
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

void App::show_speed(double factor) {
  for (int i = 0; i < kSpeedCount; ++i) {
    if (kSpeeds[i].factor != factor) continue;
    speed_index_ = i;
    playback_->set_speed(factor);
  }
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
      layers_.colour_by =
          static_cast<ColourBy>((static_cast<int>(layers_.colour_by) + 1) % kColourByCount);
      break;
    case Action::toggle_labels:
      layers_.labels = !layers_.labels;
      break;
    case Action::toggle_groups:
      layers_.groups = !layers_.groups;
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

}  // namespace stroom::view
