// `stroom import`: registers the sub-command on the CLI11 app (see tools/stroom/main.cpp).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace stroom::cli {

/// Registers `import`; the returned function runs it after parsing and returns the exit code.
std::function<int()> add_import(CLI::App& app);

}  // namespace stroom::cli
