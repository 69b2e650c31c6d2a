// The menu bar and the timeline under the map: play, step, speed, the time slider of a
// replay and the hint line generated from the key table.
#include "app.hpp"

#include <imgui.h>

#include <algorithm>

#include "key_bindings.hpp"
#include "panel_common.hpp"

namespace stroom::view {

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
    ImGui::MenuItem("Walking group links", shortcut_text(Action::toggle_groups), &layers_.groups);
    const bool plan = renderer_ && renderer_->has_underlay();
    ImGui::MenuItem("Underlay plan", nullptr, &layers_.underlay, plan);
    if (plan) {
      ImGui::SetNextItemWidth(160.0f);
      ImGui::SliderFloat("Plan opacity", &layers_.underlay_opacity, 0.0f, 1.0f, "%.2f");
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Colour by speed", shortcut_text(Action::next_colouring),
                        layers_.colour_by == ColourBy::speed))
      layers_.colour_by = ColourBy::speed;
    if (ImGui::MenuItem("Colour by population", nullptr, layers_.colour_by == ColourBy::population))
      layers_.colour_by = ColourBy::population;
    if (ImGui::MenuItem("Colour by local density", nullptr, layers_.colour_by == ColourBy::density))
      layers_.colour_by = ColourBy::density;
    if (ImGui::MenuItem("Colour by visitor profile", nullptr,
                        layers_.colour_by == ColourBy::profile))
      layers_.colour_by = ColourBy::profile;
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

}  // namespace stroom::view
