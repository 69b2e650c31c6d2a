// stroom-view's command line without a display: input errors are reported before any window
// opens (SFML would abort without an X server), with the CLI's exit codes.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

struct Result {
  int code = -1;
  std::string output;
};

Result run(const std::string& args, const std::string& env = "-u DISPLAY") {
  const std::string cmd = "env " + env + " '" + STROOM_VIEW_EXE + "' " + args + " 2>&1";
  Result r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 512> buf{};
  while (fgets(buf.data(), static_cast<int>(buf.size()), pipe))
    r.output += buf.data();
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(ViewerCli, BadScenarioExits2WithLocatedErrors) {
  const std::string bad = std::string(STROOM_SOURCE_DIR) + "/tests/ui/bad.yaml";
  const Result r = run("'" + bad + "' --screenshot /tmp/never.png --at 1");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("bad.yaml:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(": error: "), std::string::npos) << r.output;
}

TEST(ViewerCli, MissingFileAndBadOptionsExit2) {
  EXPECT_EQ(run("/nonexistent.yaml --screenshot /tmp/never.png").code, 2);
  EXPECT_EQ(run("--screenshot /tmp/never.png").code, 2);
  EXPECT_EQ(run(std::string("'") + STROOM_SOURCE_DIR +
                "/tests/ui/small-room.yaml' --size 12 --screenshot x.png")
                .code,
            2);
  EXPECT_EQ(run("--help").code, 0);
}

TEST(ViewerCli, NoDisplayIsOneLineAndExit3NotAnAbort) {
  const std::string room = std::string("'") + STROOM_SOURCE_DIR + "/tests/ui/small-room.yaml'";
  for (const std::string& args : {room, room + " --screenshot /tmp/never.png --at 1"}) {
    const Result r = run(args);
    EXPECT_EQ(r.code, 3) << args << "\n" << r.output;  // SFML alone aborts: SIGABRT, no code
    EXPECT_EQ(r.output.rfind("stroom-view: no display (DISPLAY is not set)", 0), 0u) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
  // A display that is named but not there.
  const Result r = run(room, "DISPLAY=:87");
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("cannot open the display \":87\""), std::string::npos) << r.output;
}

TEST(ViewerCli, AReplayWhoseEventsNameNoElementOfItsScenarioExits2) {
  // A results folder whose events table closes "south", which small-room.yaml does not have:
  // the folder and the scenario do not belong together. Refused before any window opens.
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("stroom_view_cli_events_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(std::string(STROOM_SOURCE_DIR) + "/tests/ui/small-room.yaml", dir / "room.yaml");
  std::ofstream(dir / "summary.json") << R"({"scenario": "t", "file": "room.yaml"})";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "trajectories.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE trajectory_data(frame INTEGER, id INTEGER, pos_x REAL, "
                         "pos_y REAL, ori_x REAL, ori_y REAL);"
                         "CREATE TABLE metadata(key TEXT PRIMARY KEY, value TEXT);"
                         "INSERT INTO metadata VALUES ('fps', '2');"
                         "INSERT INTO trajectory_data VALUES (0, 1, 1, 1, 1, 0);"
                         "CREATE TABLE events(time REAL, kind TEXT, target TEXT);"
                         "INSERT INTO events VALUES (3.5, 'close', 'south');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  std::string args = "'";
  args += dir.string();
  args += "' --screenshot /tmp/never.png --at 1";
  const Result r = run(args);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("trajectories.sqlite"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"south\""), std::string::npos) << r.output;
  fs::remove_all(dir);
}

}  // namespace
