// stroom-view RESULTS_DIR --video: a results folder written by `stroom run` in the test is
// rendered to an MP4 under Xvfb, and ffprobe (an independent reader) must find the frame size,
// the frame count and the duration that --fps, --speed, --from and --to ask for. Bad input is
// refused before anything is rendered. Registered under xvfb-run when ffmpeg and ffprobe are
// installed (tests/ui/CMakeLists.txt).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "../shell.hpp"

namespace {

namespace fs = std::filesystem;

using stroom_test::Shell;
using stroom_test::shell;

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

/// A results folder of the small test room (40 persons, one exit, about 25 s), written once.
const fs::path& results() {
  static const fs::path dir = [] {
    const fs::path d = fs::temp_directory_path() / ("stroom_video_" + std::to_string(getpid()));
    fs::remove_all(d);
    const Shell run = shell(std::string("'") + STROOM_EXE + "' run " +
                            quoted(fs::path(STROOM_SOURCE_DIR) / "tests/ui/small-room.yaml") +
                            " --out " + quoted(d / "results") + " --quiet");
    EXPECT_EQ(run.exit_code, 0) << run.out;
    return d;
  }();
  return dir;
}

Shell view(const std::string& args) {
  return shell(std::string("'") + STROOM_VIEW_EXE + "' " + quoted(results() / "results") + " " +
               args);
}

nlohmann::json probe(const fs::path& file) {
  const Shell p = shell(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=codec_name,width,height,nb_read_frames,pix_fmt:format=duration "
      "-of json " +
      quoted(file));
  EXPECT_EQ(p.exit_code, 0) << p.out;
  return nlohmann::json::parse(p.out, nullptr, false);
}

}  // namespace

TEST(Video, RendersTheAskedSizeFramesAndDuration) {
  const fs::path out = results() / "replay.mp4";
  // 0–16 s of simulated time at 8× real time and 10 fps: 16 / 8 = 2 s of video, 20 frames.
  const Shell r =
      view("--video " + quoted(out) + " --fps 10 --speed 8 --from 0 --to 16 --size 640x480");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("20 frames of 640x480 at 10 fps"), std::string::npos) << r.out;
  // No progress bar when stderr is not a terminal.
  EXPECT_EQ(r.out.find("video ["), std::string::npos) << r.out;
  const nlohmann::json j = probe(out);
  ASSERT_FALSE(j.is_discarded());
  const auto& s = j["streams"][0];
  EXPECT_EQ(s["width"], 640);
  EXPECT_EQ(s["height"], 480);
  EXPECT_EQ(s["pix_fmt"], "yuv420p");
  EXPECT_EQ(s["nb_read_frames"], "20");
  EXPECT_NEAR(std::stod(j["format"]["duration"].get<std::string>()), 2.0, 0.05);
}

TEST(Video, DefaultsCoverTheWholeRecordingAt25FpsAnd10xSpeed) {
  const fs::path out = results() / "whole.mp4";
  const Shell r = view("--video " + quoted(out) + " --size 320x240");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // The recording ends at the last frame (frame_interval 0.5 s) at or before the last exit.
  const Shell last = shell("sqlite3 " + quoted(results() / "results" / "trajectories.sqlite") +
                           " 'SELECT MAX(frame) FROM trajectory_data'");
  const nlohmann::json j = probe(out);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["streams"][0]["width"], 320);
  const double duration = std::stod(j["format"]["duration"].get<std::string>());
  if (last.exit_code == 0) {
    const double end = std::stod(last.out) * 0.5;
    EXPECT_NEAR(duration, end / 10.0, 1.0 / 25.0 + 0.01) << last.out;
  } else {
    EXPECT_GT(duration, 1.0);  // sqlite3 (the shell) not installed: at least 10 s simulated
  }
}

TEST(Video, BadInputIsRefusedBeforeRendering) {
  const fs::path out = results() / "refused.mp4";
  struct Case {
    std::string args, says;
    int exit_code;
  };
  const Case cases[] = {
      {"--video " + quoted(out) + " --from 10 --to 5", "--to must be later than --from", 2},
      {"--video " + quoted(out) + " --to 5000", "outside the recording", 2},
      {"--video " + quoted(out) + " --size 641x480", "--size must be even", 2},
      {"--video " + quoted(results() / "no-such-folder" / "x.mp4"), "cannot write", 2},
      {"--fps 10", "go with --video", 2},
      {"--video " + quoted(out) + " --fps 0", "--fps", 2},
  };
  for (const Case& c : cases) {
    const Shell r = view(c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << c.args << "\n" << r.out;
    EXPECT_FALSE(fs::exists(out)) << c.args;
  }
  // A scenario file is not a replay.
  const Shell scenario = shell(std::string("'") + STROOM_VIEW_EXE + "' " +
                               quoted(fs::path(STROOM_SOURCE_DIR) / "tests/ui/small-room.yaml") +
                               " --video " + quoted(out));
  EXPECT_EQ(scenario.exit_code, 2) << scenario.out;
  EXPECT_NE(scenario.out.find("needs a results folder"), std::string::npos) << scenario.out;
  // Without ffmpeg on PATH: one line, exit 3, no file.
  const Shell no_ffmpeg = shell("PATH=/nonexistent '" + std::string(STROOM_VIEW_EXE) + "' " +
                                quoted(results() / "results") + " --video " + quoted(out));
  EXPECT_EQ(no_ffmpeg.exit_code, 3) << no_ffmpeg.out;
  EXPECT_NE(no_ffmpeg.out.find("needs ffmpeg"), std::string::npos) << no_ffmpeg.out;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Video, CtrlCStopsAndLeavesNoFile) {
  const fs::path out = results() / "interrupted.mp4";
  // At 0.2× the whole recording would take minutes of video: SIGINT after 5 s stops it.
  const Shell r = shell("timeout --preserve-status -s INT 5 '" + std::string(STROOM_VIEW_EXE) +
                        "' " + quoted(results() / "results") + " --video " + quoted(out) +
                        " --speed 0.2 --size 640x480");
  EXPECT_EQ(r.exit_code, 130) << r.out;
  EXPECT_NE(r.out.find("interrupted; no video written"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Video, CtrlCBeforeRenderingStopsAlikeAndLeavesAnEarlierFileAlone) {
  // An ffmpeg that never answers holds stroom-view in its probe of the encoders, after the
  // recording is read and before anything is rendered, for as long as the test needs: SIGINT
  // after 5 s lands there, not in the process's own start-up.
  const fs::path bin = results() / "silent-ffmpeg";
  fs::create_directories(bin);
  {
    std::FILE* f = std::fopen((bin / "ffmpeg").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("#!/bin/sh\nexec sleep 120\n", f);
    std::fclose(f);
  }
  fs::permissions(bin / "ffmpeg", fs::perms::owner_all);
  const fs::path out = results() / "earlier.mp4";
  {
    std::FILE* f = std::fopen(out.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("an earlier video", f);
    std::fclose(f);
  }
  const Shell r = shell("PATH=" + quoted(bin) + ":\"$PATH\" timeout --preserve-status -s INT 5 '" +
                        std::string(STROOM_VIEW_EXE) + "' " + quoted(results() / "results") +
                        " --video " + quoted(out) + " --size 640x480");
  EXPECT_EQ(r.exit_code, 130) << r.out;
  EXPECT_NE(r.out.find("interrupted; no video written"), std::string::npos) << r.out;
  // Nothing was started, so the file that was there is left as it was.
  ASSERT_TRUE(fs::exists(out));
  EXPECT_EQ(fs::file_size(out), std::string("an earlier video").size());
}
