// The console summary of a run in the current language (stroom/lang.hpp), every text from the
// table of strings: used by `stroom run --lang nl` (and report.lang: nl).
#pragma once

#include <cstdio>
#include <filesystem>

#include "stroom/summary.hpp"

namespace stroom::cli {

/// Writes the summary of `s` (results in `out`) to `to`, in current_lang().
void print_summary_localized(std::FILE* to, const Summary& s, const std::filesystem::path& out,
                             bool interrupted);

}  // namespace stroom::cli
