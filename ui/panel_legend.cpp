// The panels over the map: the legend (colours, Fruin levels, scale bar) in the corner that
// covers the fewest persons, and the status message in the other corner.
#include "app.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "legend_place.hpp"
#include "panel_common.hpp"
#include "stroom/level_of_service.hpp"

namespace stroom::view {

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
    case ColourBy::profile:
      ImGui::TextUnformatted("Visitor profile");
      if (snapshot_.visitor_profile_names.empty())
        ImGui::TextColored(kMuted, "(no profiles in this run)");
      for (std::size_t k = 0; k < snapshot_.visitor_profile_names.size(); ++k) {
        swatch(profile_colour(static_cast<int>(k)));
        ImGui::TextUnformatted(snapshot_.visitor_profile_names[k].c_str());
      }
      break;
  }
  if (layers_.groups && std::any_of(snapshot_.group.begin(), snapshot_.group.end(),
                                    [](std::int32_t g) { return g != 0; })) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    dl->AddLine(ImVec2(p.x, p.y + h / 2), ImVec2(p.x + h - 4, p.y + h / 2),
                IM_COL32(200, 200, 215, 255), 2.0f);  // the map's dark link, lit for the panel
    ImGui::Dummy(ImVec2(h - 2, h));
    ImGui::SameLine();
    ImGui::TextUnformatted("walking group (G)");
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
