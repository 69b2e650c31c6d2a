#include "video.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "app.hpp"
#include "display.hpp"
#include "frame_loop.hpp"
#include "headless.hpp"
#include "playback.hpp"

extern char** environ;

namespace stroom::view {

namespace {

namespace fs = std::filesystem;

/// Exit code of an interrupted video, as `stroom run` (docs/cli.md).
constexpr int kExitInterrupted = 130;

/// Set by Ctrl-C or SIGTERM at any time during --video: the video stops (or is never started)
/// and no file is left.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag must be lock-free");
/// Only sets the flag, however often it comes: the rendering stops before the next frame. (A
/// handler that gave the next signal its default action would be ended by the copy of the
/// signal that timeout(1) sends to the whole process group at the same instant.)
extern "C" void request_stop(int) {
  g_stop.store(true);
}

/// Ctrl-C and SIGTERM caught for the whole of run_video(), from before the recording is read:
/// an interrupt while a large recording loads or ffmpeg is probed gets the same message and
/// exit code as one during rendering, instead of the default action's silent end.
class StopOnSignals {
 public:
  StopOnSignals() {
    g_stop.store(false);
    old_int_ = std::signal(SIGINT, request_stop);
    old_term_ = std::signal(SIGTERM, request_stop);
  }
  ~StopOnSignals() {
    std::signal(SIGINT, old_int_);
    std::signal(SIGTERM, old_term_);
  }
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  void (*old_int_)(int) = SIG_DFL;
  void (*old_term_)(int) = SIG_DFL;
};

/// What an interrupted --video says and returns. `started_video`: ffmpeg had begun writing
/// it, so the incomplete file is removed (a file there before is left alone otherwise).
int interrupted(const std::string& video, bool started_video) {
  std::cerr << "\nstroom-view: interrupted; no video written\n";
  std::error_code ec;
  if (started_video) fs::remove(video, ec);
  return kExitInterrupted;
}

/// The full path of `program` on PATH, or "" when it is not there.
std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) dir = ".";
    const fs::path candidate = fs::path(dir) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

/// The output of a command (argv), stderr discarded; "" when it cannot run.
std::string command_output(const std::vector<std::string>& args) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  std::vector<char*> argv;
  std::vector<std::string> copy = args;
  for (std::string& a : copy)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  std::string out;
  if (rc == 0) {
    char buf[4096];
    ssize_t n = 0;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0)
      out.append(buf, static_cast<std::size_t>(n));
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  ::close(fds[0]);
  return out;
}

/// ffmpeg with its stdin a pipe that frames are written to.
class Encoder {
 public:
  /// Starts ffmpeg; false (with `why`) when it cannot be started.
  bool start(const std::vector<std::string>& args, std::string& why) {
    int fds[2];
    if (::pipe(fds) != 0) {
      why = std::strerror(errno);
      return false;
    }
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (std::string& a : copy)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[0]);
    if (rc != 0) {
      ::close(fds[1]);
      why = std::strerror(rc);
      pid_ = -1;
      return false;
    }
    ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    fd_ = fds[1];
    return true;
  }
  /// Writes one frame; false when ffmpeg has gone (it printed why on stderr).
  bool write(const std::vector<std::uint8_t>& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }
  /// Closes the pipe and waits: ffmpeg's exit status (−1 when it was killed).
  int finish() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    int status = 0;
    if (pid_ <= 0 || ::waitpid(pid_, &status, 0) != pid_) return -1;
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  ~Encoder() { (void)finish(); }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
};

/// The progress bar on stderr: "video [#####-----]  52%  frame 130/250  t = 52.0 s".
void show_progress(int done, int total, double t) {
  constexpr int kWidth = 30;
  const int filled = total > 0 ? done * kWidth / total : kWidth;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kWidth - filled), '-');
  std::fprintf(stderr, "\rvideo [%s] %3d%%  frame %d/%d  t = %.1f s", bar.c_str(),
               total > 0 ? done * 100 / total : 100, done, total, t);
  if (done == total) std::fputc('\n', stderr);
  std::fflush(stderr);
}

int refuse(const std::string& message) {
  std::cerr << "stroom-view: " << message << "\n";
  return 2;
}

}  // namespace

std::vector<double> video_frame_times(double from, double to, double speed, int fps) {
  const double step = speed / fps;
  const auto count =
      static_cast<long>(std::max(1.0, std::round((to - from) / step)));  // whole frames
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(count));
  for (long k = 0; k < count; ++k)
    times.push_back(from + static_cast<double>(k) * step);
  return times;
}

std::vector<std::string> ffmpeg_arguments(unsigned width, unsigned height, int fps,
                                          const std::string& encoder, const std::string& out) {
  std::vector<std::string> a = {"ffmpeg",    "-hide_banner",
                                "-loglevel", "error",
                                "-nostdin",  "-y",
                                "-f",        "rawvideo",
                                "-pix_fmt",  "rgba",
                                "-s",        std::to_string(width) + "x" + std::to_string(height),
                                "-r",        std::to_string(fps),
                                "-i",        "pipe:0",
                                "-c:v",      encoder};
  if (encoder == "libx264") {
    for (const char* x : {"-preset", "medium", "-crf", "20"})
      a.emplace_back(x);
  } else {
    for (const char* x : {"-q:v", "3"})
      a.emplace_back(x);
  }
  for (const char* x : {"-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4"})
    a.emplace_back(x);
  a.push_back(out);
  return a;
}

int run_video(const ViewerOptions& o) {
  const StopOnSignals stop_on_signals;
  // [SECTION] Input: what can be refused without reading the recording, before ffmpeg or a
  // window
  std::error_code ec;
  if (!fs::is_directory(o.path, ec))
    return refuse("--video needs a results folder (stroom run --out DIR), not " + o.path);
  if (o.from && o.to && !(*o.to > *o.from)) return refuse("--to must be later than --from");
  if (o.width % 2 != 0 || o.height % 2 != 0)
    return refuse("--size must be even in both directions for --video (H.264 in yuv420p)");
  {
    // The output must be writable now, not after minutes of rendering.
    const bool existed = fs::exists(o.video, ec);
    std::FILE* f = std::fopen(o.video.c_str(), "ab");
    if (!f) return refuse("cannot write " + o.video + ": " + std::strerror(errno));
    std::fclose(f);
    if (!existed) fs::remove(o.video, ec);
  }

  // [SECTION] ffmpeg, the display, the recording (read once, by the App)
  const std::string ffmpeg = find_on_path("ffmpeg");
  if (ffmpeg.empty()) {
    std::cerr << "stroom-view: --video needs ffmpeg (Debian package ffmpeg), which is not on "
                 "PATH\n";
    return 3;
  }
  if (std::string why; !display_available(why)) {
    // Bad input stays exit 2 without a display too.
    if (const std::string problem = input_problem(o.path); !problem.empty()) {
      std::cerr << problem << "\n";
      return 2;
    }
    std::cerr << "stroom-view: --video renders in a window and needs an X display (run it under "
                 "xvfb-run -a): "
              << why << "\n";
    return 3;
  }
  App app(app_options(o));
  configure_app(o, app);
  if (!app.open(o.path, /*start_worker=*/false)) {
    std::cerr << app.error() << "\n";
    return 2;
  }
  if (!app.is_replay() || !app.playback().can_seek())
    return refuse(o.path + ": no trajectory frames to render (run with --trajectories sqlite)");
  const double start = app.playback().start_time(), end = app.playback().end_time();
  const double from = o.from.value_or(start), to = o.to.value_or(end);
  char range[160];
  std::snprintf(range, sizeof range, "the recording runs from %.1f s to %.1f s", start, end);
  if (from < start - 1e-9 || from > end + 1e-9)
    return refuse("--from " + std::to_string(from) + " is outside the recording: " + range);
  if (to < start - 1e-9 || to > end + 1e-9)
    return refuse("--to " + std::to_string(to) + " is outside the recording: " + range);
  if (!(to > from)) return refuse("--to must be later than --from (" + std::string(range) + ")");
  const std::string encoders = command_output({ffmpeg, "-hide_banner", "-encoders"});
  const std::string encoder = encoders.find(" libx264 ") != std::string::npos ? "libx264" : "mpeg4";
  app.show_speed(o.speed);
  const std::vector<double> times = video_frame_times(from, to, o.speed, o.fps);
  app.seek(times.front());

  std::vector<std::string> args = ffmpeg_arguments(o.width, o.height, o.fps, encoder, o.video);
  args.front() = ffmpeg;
  // Interrupted while the recording was read or ffmpeg probed: nothing is started.
  if (g_stop.load()) return interrupted(o.video, false);
  Encoder enc;
  std::string why;
  if (!enc.start(args, why)) {
    std::cerr << "stroom-view: cannot start " << ffmpeg << ": " << why << "\n";
    return 3;
  }
  // ffmpeg ending early (a full disk) must be an error message, not SIGPIPE.
  const auto old_pipe = std::signal(SIGPIPE, SIG_IGN);
  const bool progress = ::isatty(2) != 0;
  const std::size_t frame_bytes = static_cast<std::size_t>(o.width) * o.height * 4;
  std::string failure;
  FrameLoop loop;
  loop.width = o.width;
  loop.height = o.height;
  loop.headless = true;
  loop.frames = static_cast<int>(times.size());
  loop.before_frame = [&](int k) { app.seek(times[static_cast<std::size_t>(k)]); };
  int written = 0;
  loop.after_frame = [&](const std::vector<std::uint8_t>& rgba) {
    if (g_stop.load()) return false;
    if (rgba.size() != frame_bytes) {
      failure =
          "the window did not open at the size asked for (is the X screen smaller than "
          "--size?)";
      return false;
    }
    if (!enc.write(rgba)) {
      failure = "ffmpeg stopped reading frames";
      return false;
    }
    ++written;
    if (progress) show_progress(written, loop.frames, times[static_cast<std::size_t>(written - 1)]);
    return true;
  };
  const int loop_code = run_frame_loop(app, loop);
  const int ffmpeg_code = enc.finish();
  std::signal(SIGPIPE, old_pipe);
  if (g_stop.load()) return interrupted(o.video, true);
  if (loop_code != 0 || ffmpeg_code != 0 || written != loop.frames) {
    if (failure.empty())
      failure = ffmpeg_code != 0 ? "ffmpeg failed (exit " + std::to_string(ffmpeg_code) + ")"
                                 : "rendering stopped early";
    std::cerr << "\nstroom-view: " << failure << "; no video written\n";
    fs::remove(o.video, ec);
    return 3;
  }
  std::printf(
      "wrote %s: %d frames of %ux%u at %d fps (%.2f s of video), t = %.1f to %.1f s at "
      "%g× speed, %s\n",
      o.video.c_str(), written, o.width, o.height, o.fps, static_cast<double>(written) / o.fps,
      from, to, o.speed, encoder.c_str());
  return 0;
}

}  // namespace stroom::view
