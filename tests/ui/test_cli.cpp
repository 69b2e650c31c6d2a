// stroom-view's command line without a display: input errors are reported before any window
// opens (SFML would abort without an X server), with the CLI's exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <algorithm>
#include <array>
#include <cstdio>
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

}  // namespace
