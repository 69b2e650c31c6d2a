// The input files of a run, copied into its results folder so that the folder is complete on
// its own: a colleague who receives it can replay it in the viewer and check, by SHA-256, that
// the copy is the file the run read (sha256_hex() of stroom/report.hpp).
//
// Layout: RESULTS/scenario/ holds the scenario and its includes with their relative positions
// kept (the deepest folder that contains them all becomes RESULTS/scenario/), so a
// `venue: ../site-venue.yaml` include still resolves inside the copy and the copies are
// byte for byte the originals.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stroom/scenario.hpp"
#include "stroom/summary.hpp"

namespace stroom::io {

/// The folder the copy goes to (out/scenario), or nullopt when that folder holds the originals
/// themselves (`--out .` next to a folder named scenario/), which must never be removed.
std::optional<std::filesystem::path> inputs_copy_folder(const Scenario& scenario,
                                                        const std::filesystem::path& out);
/// Removes the copy (when inputs_copy_folder() names a folder): before a new copy, and when a
/// run fails, so that no partial result stays.
void remove_inputs_copy(const Scenario& scenario, const std::filesystem::path& out);

/// Copies scenario.file and scenario.includes into out/"scenario"/ (replacing an older copy)
/// and returns what summary.json records of them. Throws SimulationError when a file cannot
/// be read or written.
Inputs copy_scenario_inputs(const Scenario& scenario, const std::filesystem::path& out,
                            const std::vector<std::string>& overrides);

}  // namespace stroom::io
