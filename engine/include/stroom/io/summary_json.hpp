// summary.json: the figures of one run (stroom/summary.hpp) as the JSON document of the CLI
// contract (cli-v1), key for key and in the contract's order. std::nullopt is written as null.
// Doubles are written in their shortest round-trip form, so equal values give equal bytes on
// every machine and thread count.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

#include "stroom/summary.hpp"

namespace stroom::io {

/// The summary as JSON text (two-space indentation, trailing newline).
/// With include_runtime = false the "runtime" block is left out (used to compare runs).
std::string summary_json_text(const Summary& summary, bool include_runtime = true);

/// Writes summary.json atomically: the text goes to a temporary file in the same folder which
/// is then renamed, so a reader never sees half a file. Throws SimulationError on failure.
void write_summary_json(const Summary& summary, const std::filesystem::path& file);

/// Writes any text file atomically (temporary file + rename). Throws SimulationError.
void write_text_file(const std::filesystem::path& file, const std::string& text);

/// As write_text_file, with the text streamed by `write` (a large file need not be held in
/// memory whole).
void write_file_streamed(const std::filesystem::path& file,
                         const std::function<void(std::ostream&)>& write);

}  // namespace stroom::io
