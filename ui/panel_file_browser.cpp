// The file browser: open a scenario or a results folder, save the scenario with its what-ifs.
#include "app.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "panel_common.hpp"
#include "scenario_export.hpp"

namespace stroom::view {

namespace fs = std::filesystem;

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

}  // namespace stroom::view
