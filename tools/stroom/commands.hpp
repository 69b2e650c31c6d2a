// The sub-commands of `stroom`. Each is one file (cmd_<name>.cpp): it registers its options
// on the CLI11 app and runs after parsing. A command returns the process exit code of the
// CLI contract: 0 done and every criterion passed, 1 done with a failed criterion, 2 refused
// (bad command line or scenario: FILE:LINE:COLUMN lines on stderr, nothing written),
// 3 internal error; `run` adds 4: the run stopped at time.duration with persons still inside
// and no criterion failed (5 is kept for an interrupted run).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "stroom/error.hpp"

namespace stroom::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitCriteriaFailed = 1;
inline constexpr int kExitRefused = 2;
inline constexpr int kExitInternal = 3;
/// Stopped by Ctrl-C or SIGTERM before the end: the results written are marked incomplete.
inline constexpr int kExitInterrupted = 130;
inline constexpr int kExitDurationLimit = 4;

/// Registers a sub-command; the returned function runs it after a successful parse.
using Command = std::function<int()>;
Command add_validate(CLI::App& app);
Command add_capacity(CLI::App& app);
Command add_run(CLI::App& app);

/// Prints every diagnostic as `FILE:LINE:COLUMN: error: MESSAGE` on stderr.
void print_diagnostics(const std::vector<Diagnostic>& diagnostics);

}  // namespace stroom::cli
