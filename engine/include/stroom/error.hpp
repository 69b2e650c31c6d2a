// The two error channels of Stroom (see docs/architecture.md):
//  - user and input errors: ScenarioError carrying one Diagnostic per problem, each with a
//    FILE:LINE:COLUMN location; caught only at the CLI/viewer boundary (exit code 2);
//  - programmer errors: STROOM_ASSERT, active in Debug, RelWithDebInfo and sanitizer builds.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace stroom {

/// Where in an input file something was written. Line and column are 1-based; line 0 means
/// "no position known" (then only the file is printed).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// One problem found in user input.
struct Diagnostic {
  SourceLocation where;
  std::string message;

  /// "FILE:LINE:COLUMN: error: MESSAGE", the form every tool of Stroom prints. Always one
  /// line: control characters of the file name or message (a value quoted from a binary file,
  /// a YAML parser message) are written as escapes (\n, \t, \xNN).
  std::string format() const {
    std::string out;
    out.reserve(where.file.size() + message.size() + 32);
    append_escaped(out, where.file.empty() ? std::string("<input>") : where.file);
    if (where.line > 0) {
      out.append(":").append(std::to_string(where.line)).append(":");
      out.append(std::to_string(where.column > 0 ? where.column : 1));
    }
    out.append(": error: ");
    append_escaped(out, message);
    return out;
  }

 private:
  static void append_escaped(std::string& out, const std::string& text) {
    static const char* const kHex = "0123456789abcdef";
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x20 && u != 0x7f) {
        out.push_back(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append("\\x").push_back(kHex[u >> 4]);
        out.push_back(kHex[u & 15]);
      }
    }
  }
};

/// Input that breaks the scenario contract. Holds every problem found, not only the first.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics)
      : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  static std::string join(const std::vector<Diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds)
      out.append(d.format()).append("\n");
    return out;
  }
  std::vector<Diagnostic> diagnostics_;
};

/// A condition that valid input cannot cause during a run (e.g. an output file that cannot be
/// written). The CLI reports it and exits with code 3.
class SimulationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using AssertHandler = void (*)(const char* condition, const char* file, int line);

inline void default_assert_handler(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "stroom: internal error: assertion '%s' failed at %s:%d\n", condition, file,
               line);
  std::abort();
}

}  // namespace stroom

#if defined(NDEBUG) && !defined(STROOM_ENABLE_ASSERT)
#define STROOM_ASSERT(condition) ((void)0)
#else
#define STROOM_ASSERT(condition) \
  ((condition) ? (void)0 : ::stroom::default_assert_handler(#condition, __FILE__, __LINE__))
#endif
