// The language of a command's console summary and HTML pages (stroom/lang.hpp): the --lang
// option, else (for `run`) the scenario's report.lang, else the environment variable
// STROOM_LANG, else English. docs/cli.md states this order.
#pragma once

#include <cstdlib>
#include <string>

#include "stroom/error.hpp"
#include "stroom/lang.hpp"

namespace stroom::cli {

/// The language to write in. `option`: the --lang value (empty when not given); `scenario`:
/// the scenario's report.lang (empty when unset or not a `run`). A STROOM_LANG other than
/// en or nl is refused (ScenarioError: exit 2), the empty value counts as unset.
inline Lang chosen_lang(const std::string& option, const std::string& scenario = {}) {
  if (!option.empty()) return lang_from_name(option).value_or(Lang::en);
  if (!scenario.empty()) return lang_from_name(scenario).value_or(Lang::en);
  const char* env = std::getenv("STROOM_LANG");
  if (env == nullptr || *env == '\0') return Lang::en;
  if (const auto lang = lang_from_name(env)) return *lang;
  throw ScenarioError({Diagnostic{SourceLocation{"STROOM_LANG"},
                                  "unknown language '" + std::string(env) +
                                      "': expected en or nl (or leave STROOM_LANG unset)"}});
}

/// The help text of every --lang option.
inline const char* lang_help() {
  return "en | nl: language of the console summary and HTML pages (default: STROOM_LANG, "
         "else en)";
}

}  // namespace stroom::cli
