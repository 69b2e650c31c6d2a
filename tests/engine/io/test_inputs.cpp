// The copy of a run's inputs: SHA-256 against the FIPS 180-4 examples, and the layout of the
// copy when an include lies outside the scenario's folder.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "stroom/io/inputs.hpp"
#include "stroom/report.hpp"

namespace stroom::io {
namespace {

namespace fs = std::filesystem;

TEST(Sha256, MatchesThePublishedExamples) {
  // FIPS 180-4 / NIST CSRC examples: empty, one block, two blocks, and the million a's.
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 55, 56 and 64 bytes: the padding boundaries (one block, two blocks, a full block).
  EXPECT_NE(sha256_hex(std::string(55, 'x')), sha256_hex(std::string(56, 'x')));
  EXPECT_EQ(sha256_hex(std::string(64, 'a')).size(), 64u);
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CopyInputs, KeepsTheRelativeLayoutSoAnIncludeUpwardsStillResolves) {
  const fs::path base = fs::temp_directory_path() / ("stroom_inputs_" + std::to_string(getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "site" / "ci");
  std::ofstream(base / "site" / "ci" / "s.yaml") << "venue: ../venue.yaml\n";
  std::ofstream(base / "site" / "venue.yaml") << "walkable: []\n";
  Scenario scenario;
  scenario.file = (base / "site" / "ci" / "s.yaml").string();
  scenario.includes = {(base / "site" / "venue.yaml").string()};
  const fs::path out = base / "out";
  fs::create_directories(out / "scenario" / "stale");  // an older copy goes
  const Inputs inputs = copy_scenario_inputs(scenario, out, {"seed=3"});
  EXPECT_EQ(inputs.scenario, "scenario/ci/s.yaml");
  ASSERT_EQ(inputs.files.size(), 2u);
  EXPECT_EQ(inputs.files[1].path, "scenario/venue.yaml");
  EXPECT_EQ(inputs.files[1].original, scenario.includes[0]);
  EXPECT_EQ(inputs.files[0].sha256, sha256_hex("venue: ../venue.yaml\n"));
  EXPECT_EQ(read(out / "scenario" / "venue.yaml"), "walkable: []\n");
  EXPECT_EQ(inputs.overrides, std::vector<std::string>{"seed=3"});
  EXPECT_FALSE(fs::exists(out / "scenario" / "stale"));
  fs::remove_all(base);
}

TEST(CopyInputs, NeverRemovesTheFolderThatHoldsTheOriginals) {
  // `stroom run scenario/show.yaml --out .`: the copy folder is the user's own folder.
  const fs::path base =
      fs::temp_directory_path() / ("stroom_inputs_own_" + std::to_string(getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "scenario");
  std::ofstream(base / "scenario" / "show.yaml") << "name: show\n";
  std::ofstream(base / "scenario" / "notes.txt") << "mine\n";
  Scenario scenario;
  scenario.file = (base / "scenario" / "show.yaml").string();
  const Inputs inputs = copy_scenario_inputs(scenario, base, {});
  EXPECT_EQ(read(base / "scenario" / "show.yaml"), "name: show\n");
  EXPECT_EQ(read(base / "scenario" / "notes.txt"), "mine\n");
  EXPECT_EQ(inputs.files[0].sha256, sha256_hex("name: show\n"));
  fs::remove_all(base);
}

}  // namespace
}  // namespace stroom::io
