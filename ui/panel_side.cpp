// The side panel: counters, the selection, flows and queues, criteria, events and what-ifs,
// the step profile, layers and the run's seed.
#include "app.hpp"

#include <imgui.h>

#include <algorithm>

#include "criterion_state.hpp"
#include "panel_common.hpp"
#include "scenario_export.hpp"
#include "stroom/level_of_service.hpp"

namespace stroom::view {

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
    ImGui::Checkbox("Walking group links", &layers_.groups);
    if (renderer_ && renderer_->has_underlay()) {
      ImGui::Checkbox("Plan", &layers_.underlay);
      ImGui::SameLine();
      ImGui::SetNextItemWidth(140.0f);
      ImGui::SliderFloat("opacity", &layers_.underlay_opacity, 0.0f, 1.0f, "%.2f");
    }
    int by = static_cast<int>(layers_.colour_by);
    ImGui::TextUnformatted("Colour persons by");
    ImGui::RadioButton("speed", &by, 0);
    ImGui::SameLine();
    ImGui::RadioButton("population", &by, 1);
    ImGui::SameLine();
    ImGui::RadioButton("density", &by, 2);
    ImGui::SameLine();
    ImGui::RadioButton("profile", &by, 3);
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

}  // namespace stroom::view
