// How the viewer shows a criterion while a live run is going: a time criterion that has no
// value yet (persons are still inside) but whose deadline is still ahead is pending, not
// failed; before the alarm its clock has not even started.
#pragma once

#include "stroom/summary.hpp"

namespace stroom::view {

enum class CriterionState { pass, fail, pending };

/// `time`: simulated s now; `alarm_time`: when the alarm sounded (< 0: not yet);
/// `alarm_expected`: the scenario has an evacuate event; `finished`: the run has ended (then
/// every verdict is final).
inline CriterionState criterion_state(const CriterionResult& c, double time, double alarm_time,
                                      bool alarm_expected, bool finished) {
  if (!finished && !c.value) {
    if (c.name == "max_evacuation_time") {
      if (alarm_time < 0.0 && alarm_expected) return CriterionState::pending;
      const double start = alarm_time < 0.0 ? 0.0 : alarm_time;
      if (time < start + c.limit) return CriterionState::pending;
    } else if (c.name == "all_out_by" && time < c.limit) {
      return CriterionState::pending;
    }
  }
  return c.pass ? CriterionState::pass : CriterionState::fail;
}

}  // namespace stroom::view
