// A shell command run from a test, its stdout and stderr captured together (for the tools a
// test checks the results with: GDAL's ogrinfo and ogr2ogr, ffprobe).
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace stroom_test {

struct Shell {
  int exit_code = -1;
  std::string out;  ///< stdout and stderr together
};

inline Shell shell(const std::string& command) {
  Shell r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
    r.out.append(buf, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace stroom_test
