#include "summary_text.hpp"

#include <string>

#include "stroom/lang.hpp"

namespace stroom::cli {

namespace {

std::string seconds(const std::optional<double>& v) {
  return v ? display_number(*v, 1) + " s" : "-";
}

std::string value_text(const CriterionResult& c) {
  if (!c.value) return "-";
  const int decimals = c.name.ends_with(":capacity") ? 0 : 2;
  return display_number(*c.value, decimals);
}

}  // namespace

void print_summary_localized(std::FILE* to, const Summary& s, const std::filesystem::path& out,
                             bool interrupted) {
  const std::string state = interrupted   ? tr("interrupted")
                            : s.completed ? tr("completed")
                                          : tr("stopped");
  std::fprintf(
      to, "%s\n",
      tr("{0}: {1} at {2} s simulated ({3} s wall, {4} agent-steps/s, {5} threads)",
         {s.scenario, state, display_number(s.simulated_time, 1),
          display_number(s.runtime.wall_seconds, 1),
          display_number(s.runtime.agent_steps_per_second, 0), std::to_string(s.runtime.threads)})
          .c_str());
  std::fprintf(to, "%s\n",
               tr("persons: {0} entered, {1} exited, {2} inside, {3} not entered",
                  {std::to_string(s.agents.spawned), std::to_string(s.agents.exited),
                   std::to_string(s.agents.inside), std::to_string(s.agents.not_entered)})
                   .c_str());
  std::fprintf(to, "%s\n",
               tr("evacuation time: {0}; last exit: {1}; travel time p95: {2}",
                  {seconds(s.evacuation.evacuation_time), seconds(s.evacuation.last_exit_time),
                   seconds(s.travel_time.p95)})
                   .c_str());
  if (s.density.peak) {
    std::fprintf(to, "%s\n",
                 tr("peak density: {0} P/m² at {1}",
                    {display_number(*s.density.peak, 2), seconds(s.density.peak_time)})
                     .c_str());
  }
  if (s.pressure.peak && s.pressure.peak_time) {
    std::fprintf(to, "%s\n",
                 tr("peak crowd pressure: {0} 1/s² at {1}",
                    {display_number(*s.pressure.peak, 3), seconds(s.pressure.peak_time)})
                     .c_str());
  }
  if (s.stuck.persons > 0 && !s.stuck.places.empty()) {
    const auto& place = s.stuck.places.front();
    std::fprintf(to, "%s\n",
                 tr("stuck: {0} persons walked {1} s without progress to their target, the most "
                    "at {2}",
                    {std::to_string(s.stuck.persons), display_number(s.stuck.after, 0),
                     "(" + display_number(place.x, 0) + ", " + display_number(place.y, 0) + ")"})
                     .c_str());
  }
  for (const CriterionResult& c : s.criteria) {
    std::string line = (c.pass ? tr("PASS") : tr("FAIL")) + " " + c.name + ": " + value_text(c) +
                       " (" + tr("limit {0}", {display_number(c.limit, 2)}) + ")";
    if (!c.note.empty()) line += " - " + c.note;
    std::fprintf(to, "%s\n", line.c_str());
  }
  std::fprintf(to, "%s\n", tr("results: {0}", {out.string()}).c_str());
  std::fflush(to);
}

}  // namespace stroom::cli
