// The languages of Stroom's reports and console summaries: English (the default) and Dutch,
// the language of Dutch permit reviewers. Every text that differs between them comes from one
// table of strings (engine/src/measure/lang.cpp), keyed by its English text, so that the
// English output reads exactly as the source and a missing translation can be found:
//
//   LanguageScope nl(Lang::nl);             // this thread renders Dutch until it ends
//   tr("Persons inside the venue");         // "Personen op het terrein"
//   tr("{0} persons", {"12"});              // "12 personen"
//   display_number(1234.5, 1);              // "1234,5" (decimal comma in Dutch)
//
// Numbers written into SVG coordinates, CSS and JSON never go through display_number.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stroom {

enum class Lang { en, nl };

/// "en" → en, "nl" → nl; nullopt otherwise.
std::optional<Lang> lang_from_name(std::string_view name);
const char* lang_name(Lang lang);

/// One row of the table: the English text (also the key) and its Dutch translation.
/// Placeholders {0}, {1}, … stand for values filled in by tr().
struct Translation {
  const char* en;
  const char* nl;
};

/// The whole table, for tests (completeness, scans of Dutch output for English).
std::span<const Translation> translations();

/// The language this thread writes in (Lang::en unless a LanguageScope is active).
Lang current_lang();

/// Sets this thread's language until the scope ends.
class LanguageScope {
 public:
  explicit LanguageScope(Lang lang);
  ~LanguageScope();
  LanguageScope(const LanguageScope&) = delete;
  LanguageScope& operator=(const LanguageScope&) = delete;

 private:
  Lang previous_;
};

/// The text in the current language with {0}, {1}, … replaced by `args`. A text missing from
/// the table is returned as given (in English) and remembered in untranslated().
std::string tr(std::string_view english, std::initializer_list<std::string> args = {});
/// tr() with the values in a container, for texts whose values are gathered at run time.
std::string translate(std::string_view english, std::span<const std::string> args);

/// Texts looked up on this thread while writing Dutch that the table lacks (cleared by
/// clear_untranslated()); tests require it empty after rendering Dutch output.
const std::vector<std::string>& untranslated();
void clear_untranslated();

/// `value` with `decimals` digits after the separator of the current language: a point in
/// English, a comma in Dutch ("-" for NaN). No thousands separators.
std::string display_number(double value, int decimals);

}  // namespace stroom
