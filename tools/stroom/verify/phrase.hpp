// A cell of the verification table (measured, expected, source) that each language writes in
// its own words and decimal separator: an English text with placeholders {0}, {1}, … (its key
// in the table of strings, stroom/lang.hpp) and the values that fill them, kept as numbers.
// verification.json and the known-failures file keep the English text (english()).
//
//   Phrase("{0} of {1} positions outside", {whole(0), whole(2400)})
//   Phrase::join({Phrase("{0} m/s: {1} s", {num(1.0, 2), num(40.1, 1)}), …}, ", ")
//   Phrase::verbatim("NIST TN 1822 Verif.5.2")      // a citation: the same in every language
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stroom::verify {

class Phrase;

/// One value of a phrase: a number with its decimals, a name written as given, or a phrase of
/// its own (a list, say).
struct PhraseValue {
  double number = 0.0;
  int decimals = 0;
  std::string name;
  bool is_name = false;
  std::vector<Phrase> phrase;  ///< one nested phrase, or none
};

class Phrase {
 public:
  Phrase() = default;
  /// `english` is looked up in the table of strings when written in another language.
  Phrase(std::string english, std::vector<PhraseValue> values = {})  // NOLINT: implicit
      : english_(std::move(english)), values_(std::move(values)) {}
  Phrase(const char* english) : Phrase(std::string(english)) {}  // NOLINT: implicit

  /// Text that no language translates (citations, names).
  static Phrase verbatim(std::string text);
  /// The parts, each in the language of the page, joined by `separator` (", ", " < ").
  static Phrase join(std::vector<Phrase> parts, std::string separator);

  /// In the current language (stroom::current_lang()).
  std::string text() const;
  /// In English with decimal points, as verification.json writes it.
  std::string english() const;

 private:
  std::string english_;
  std::vector<PhraseValue> values_;
  std::vector<Phrase> parts_;  ///< a join when not empty
  std::string separator_;
  bool verbatim_ = false;
};

/// A measured number; "n/a" in the language of the page when it is not finite.
inline PhraseValue num(double value, int decimals) {
  return {value, decimals, {}, false, {}};
}
inline PhraseValue whole(std::int64_t value) {
  return {static_cast<double>(value), 0, {}, false, {}};
}
/// A name (exit, population, unit) written as given in every language.
inline PhraseValue name(std::string text) {
  return {0.0, 0, std::move(text), true, {}};
}
/// A phrase written in the language of the page, e.g. a joined list.
inline PhraseValue phrase(Phrase p) {
  return {0.0, 0, {}, false, {std::move(p)}};
}

}  // namespace stroom::verify
