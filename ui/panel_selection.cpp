// What is selected on the map (a person, exit, door, checkpoint, zone, waypoint or line) and
// the close/open pop-up of an exit, door or checkpoint in a live run.
#include "app.hpp"

#include <imgui.h>

#include "panel_common.hpp"
#include "stroom/level_of_service.hpp"

namespace stroom::view {

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

}  // namespace stroom::view
