// The scenario corpus: every deliberately broken file in tests/scenarios/broken/ is refused
// with the diagnostic its `# expect: LINE:COLUMN: text` comment promises, and every scenario
// shipped in scenarios/ loads and passes the geometric checks.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "scenario_test_util.hpp"
#include "stroom/geometry.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

namespace fs = std::filesystem;

struct Expectation {
  int line = 0;
  int column = 0;
  std::string fragment;
};

std::vector<Expectation> expectations_of(const fs::path& file) {
  static const std::regex kExpect(R"(^#\s*expect:\s*(\d+):(\d+):\s*(.+?)\s*$)");
  std::vector<Expectation> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, kExpect)) {
      out.push_back({std::stoi(m[1]), std::stoi(m[2]), m[3]});
    }
  }
  return out;
}

/// Every diagnostic in one pass, as `stroom validate` gives them: the format problems and the
/// geometric ones that the parts read without a problem allow (scenario_problems()).
std::vector<Diagnostic> all_diagnostics(const std::string& path) {
  try {
    return scenario_problems(read_scenario_draft(path));
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
}

std::string test_name(const fs::path& relative) {
  std::string name = relative.string();
  name = name.substr(0, name.size() - relative.extension().string().size());
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
      '_');
  return name;
}

// [SECTION] Broken scenarios

std::vector<std::string> broken_files() {
  std::vector<std::string> files;
  const fs::path dir = fs::path(STROOM_SOURCE_DIR) / "tests/scenarios/broken";
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class BrokenScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(BrokenScenario, IsRefusedWithTheExpectedDiagnostic) {
  const auto expected = expectations_of(GetParam());
  ASSERT_FALSE(expected.empty()) << GetParam() << " has no '# expect: LINE:COLUMN: text' line";
  const auto diagnostics = all_diagnostics(GetParam());
  ASSERT_FALSE(diagnostics.empty()) << GetParam() << " was accepted";
  for (const auto& e : expected) {
    EXPECT_TRUE(test::has_diagnostic(diagnostics, e.line, e.column, e.fragment)) << GetParam();
  }
  for (const auto& d : diagnostics)
    EXPECT_FALSE(d.where.file.empty()) << d.format();
  // A format problem must not bring follow-up geometry problems of the elements it broke (an
  // exit left out making the others unreachable, a spawn zone left out, an area judged
  // without its obstacles): every problem beyond the format ones is an expected one.
  std::vector<Diagnostic> format_only;
  try {
    (void)load_scenario(GetParam());
  } catch (const ScenarioError& e) {
    format_only = e.diagnostics();
  }
  if (format_only.empty()) return;
  for (const auto& d : diagnostics) {
    const auto same = [&](const Diagnostic& f) { return f.format() == d.format(); };
    if (std::any_of(format_only.begin(), format_only.end(), same)) continue;
    const auto promised = [&](const Expectation& e) {
      return d.where.line == e.line && d.where.column == e.column &&
             d.message.find(e.fragment) != std::string::npos;
    };
    EXPECT_TRUE(std::any_of(expected.begin(), expected.end(), promised))
        << GetParam() << ": a follow-up problem: " << d.format();
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, BrokenScenario, ::testing::ValuesIn(broken_files()),
                         [](const auto& param_info) {
                           return test_name(fs::path(param_info.param).filename());
                         });

TEST(BrokenCorpus, CoversEveryErrorClass) {
  EXPECT_GE(broken_files().size(), 32u);
}

// [SECTION] Shipped scenarios

/// Every *.yaml under scenarios/, except files that a scenario includes as its venue and
/// sweep files of `stroom batch` (a top-level `stroom-batch` key).
std::vector<std::string> shipped_scenarios() {
  const fs::path root = fs::path(STROOM_SOURCE_DIR) / "scenarios";
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  }
  std::set<fs::path> includes;
  for (const auto& file : files) {
    try {
      const YAML::Node doc = YAML::LoadFile(file.string());
      if (doc.IsMap() && doc["stroom-batch"]) includes.insert(file.lexically_normal());
      if (doc.IsMap() && doc["venue"] && doc["venue"].IsScalar()) {
        includes.insert((file.parent_path() / doc["venue"].Scalar()).lexically_normal());
      }
    } catch (const YAML::Exception&) {
      // A broken file is reported by the test itself.
    }
  }
  std::vector<std::string> out;
  for (const auto& file : files) {
    if (!includes.count(file.lexically_normal())) out.push_back(file.string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class ShippedScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedScenario, LoadsAndPassesTheGeometricChecks) {
  std::string all;
  for (const auto& d : all_diagnostics(GetParam()))
    all += "\n  " + d.format();
  EXPECT_TRUE(all.empty()) << GetParam() << ":" << all;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenario, ::testing::ValuesIn(shipped_scenarios()),
                         [](const auto& param_info) {
                           return test_name(fs::relative(
                               param_info.param, fs::path(STROOM_SOURCE_DIR) / "scenarios"));
                         });

TEST(ShippedScenarios, IncludeTheExamples) {
  const auto files = shipped_scenarios();
  for (const char* name :
       {"corridor.yaml", "room-one-door.yaml", "room-two-exits.yaml", "entry-checkpoint.yaml"}) {
    const std::string path = (fs::path(STROOM_SOURCE_DIR) / "scenarios/examples" / name).string();
    EXPECT_NE(std::find(files.begin(), files.end(), path), files.end()) << name;
  }
}

}  // namespace
}  // namespace stroom
