// What the report states of each operational model's standing: its source and its result in
// the last full run of the verification suite, the counts docs/validation.md records (written
// by `tools/docs/refresh-tables.py verify-full`). The test
// Report.SuiteStatusIsTheOneDocsValidationRecords fails when the two differ, so a rerun of the
// suite that changes a count cannot leave the report saying the old one.
#pragma once

#include <span>

#include "stroom/model_params.hpp"

namespace stroom::report_detail {

struct SuiteStatus {
  ModelType type;
  const char* source;  ///< the model's paper, as the report cites it
  int passed;          ///< tests passed in the full suite
  int total;           ///< tests in the full suite
};

inline constexpr SuiteStatus kSuiteStatus[] = {
    {ModelType::collision_free_speed, "Tordeux, Chraibi & Seyfried 2016", 55, 55},
    {ModelType::social_force, "Helbing & Molnár 1995; Helbing, Farkas & Vicsek 2000", 32, 55},
    {ModelType::anticipation_velocity, "Xu, Chraibi & Seyfried 2021", 37, 55},
};

/// The row of `type`; every model of the table of models has one (checked by the test).
inline const SuiteStatus* suite_status(ModelType type) {
  for (const SuiteStatus& s : kSuiteStatus)
    if (s.type == type) return &s;
  return nullptr;
}

}  // namespace stroom::report_detail
