// Runs the built `stroom` binary as a child process with its stdout and stderr captured.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace stroom_test {

struct Result {
  int exit_code = -1;  ///< exit status, or -1 when killed by a signal
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A running `stroom` child.
class Process {
 public:
  Process(const std::vector<std::string>& args, const std::filesystem::path& capture_dir,
          const std::filesystem::path& cwd = {}) {
    std::filesystem::create_directories(capture_dir);
    out_ = capture_dir / "stdout.txt";
    err_ = capture_dir / "stderr.txt";
    std::vector<std::string> full{STROOM_EXE};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    if (posix_spawn(&pid_, STROOM_EXE, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  pid_t pid() const { return pid_; }
  void signal(int sig) const { ::kill(pid_, sig); }
  Result wait() {
    Result r;
    int status = 0;
    if (pid_ > 0 && waitpid(pid_, &status, 0) == pid_ && WIFEXITED(status))
      r.exit_code = WEXITSTATUS(status);
    r.out = slurp(out_);
    r.err = slurp(err_);
    return r;
  }

 private:
  pid_t pid_ = -1;
  std::filesystem::path out_, err_;
};

/// A fresh folder for one test. The process id keeps tests that CTest runs in parallel (each
/// in its own process) out of each other's way.
inline std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("stroom_cli_test_" + name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline Result stroom(const std::vector<std::string>& args, const std::string& name,
                     const std::filesystem::path& cwd = {}) {
  const auto dir = scratch(name + "_capture");
  Process p(args, dir, cwd);
  Result r = p.wait();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return r;
}

}  // namespace stroom_test
