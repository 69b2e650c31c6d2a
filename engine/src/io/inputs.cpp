// Copies of a run's input files: see stroom/io/inputs.hpp.
#include "stroom/io/inputs.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "stroom/error.hpp"
#include "stroom/io/summary_json.hpp"
#include "stroom/report.hpp"  // sha256_hex

namespace stroom::io {

namespace {

namespace fs = std::filesystem;

// [SECTION] Copies

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SimulationError("cannot read " + file.string() + " to copy it into the results");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The deepest folder that contains every one of the (absolute, normal) files.
fs::path common_folder(const std::vector<fs::path>& files) {
  fs::path common = files.front().parent_path();
  for (const fs::path& f : files) {
    while (!common.empty()) {
      const fs::path rel = f.lexically_relative(common);
      if (!rel.empty() && *rel.begin() != "..") break;
      if (common == common.parent_path()) break;
      common = common.parent_path();
    }
  }
  return common;
}

}  // namespace

std::optional<fs::path> inputs_copy_folder(const Scenario& scenario, const fs::path& out) {
  const fs::path folder = fs::absolute(out / "scenario").lexically_normal();
  std::vector<std::string> originals{scenario.file};
  originals.insert(originals.end(), scenario.includes.begin(), scenario.includes.end());
  for (const std::string& f : originals) {
    const fs::path rel = fs::absolute(f).lexically_normal().lexically_relative(folder);
    if (!rel.empty() && *rel.begin() != "..") return std::nullopt;
  }
  return folder;
}

void remove_inputs_copy(const Scenario& scenario, const fs::path& out) {
  std::error_code ec;
  if (const auto folder = inputs_copy_folder(scenario, out)) fs::remove_all(*folder, ec);
}

Inputs copy_scenario_inputs(const Scenario& scenario, const fs::path& out,
                            const std::vector<std::string>& overrides) {
  std::vector<std::string> originals{scenario.file};
  originals.insert(originals.end(), scenario.includes.begin(), scenario.includes.end());
  std::vector<fs::path> absolute;
  for (const std::string& f : originals)
    absolute.push_back(fs::absolute(f).lexically_normal());
  const fs::path base = common_folder(absolute);
  // Everything is read before anything is removed or written.
  std::vector<std::string> contents;
  for (const std::string& f : originals)
    contents.push_back(read_file(f));
  // An older run's copy must not be mixed with this one's.
  std::error_code ec;
  remove_inputs_copy(scenario, out);

  Inputs inputs;
  inputs.overrides = overrides;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    const std::string& bytes = contents[i];
    const fs::path rel = fs::path("scenario") / absolute[i].lexically_relative(base);
    fs::create_directories((out / rel).parent_path(), ec);
    if (ec) throw SimulationError("cannot create " + (out / rel).parent_path().string());
    write_text_file(out / rel, bytes);
    InputFile file;
    file.path = rel.generic_string();
    file.original = originals[i];
    file.sha256 = sha256_hex(bytes);
    inputs.files.push_back(std::move(file));
  }
  inputs.scenario = inputs.files.front().path;
  return inputs;
}

}  // namespace stroom::io
