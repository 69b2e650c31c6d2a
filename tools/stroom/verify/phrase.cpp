#include "phrase.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "stroom/lang.hpp"

namespace stroom::verify {

Phrase Phrase::verbatim(std::string text) {
  Phrase p(std::move(text));
  p.verbatim_ = true;
  return p;
}

Phrase Phrase::join(std::vector<Phrase> parts, std::string separator) {
  Phrase p;
  p.parts_ = std::move(parts);
  p.separator_ = std::move(separator);
  return p;
}

std::string Phrase::text() const {
  if (!parts_.empty()) {
    std::string out;
    for (std::size_t k = 0; k < parts_.size(); ++k)
      out += (k ? separator_ : std::string()) + parts_[k].text();
    return out;
  }
  if (verbatim_) return english_;
  std::vector<std::string> values;
  values.reserve(values_.size());
  for (const PhraseValue& v : values_) {
    if (!v.phrase.empty())
      values.push_back(v.phrase.front().text());
    else if (v.is_name)
      values.push_back(v.name);
    else
      values.push_back(std::isfinite(v.number) ? display_number(v.number, v.decimals) : tr("n/a"));
  }
  // A text with no words ("{0}: {1}") reads the same in every language.
  const bool has_words = std::any_of(english_.begin(), english_.end(), [](char ch) {
    return std::isalpha(static_cast<unsigned char>(ch)) != 0;
  });
  if (!has_words) {
    const LanguageScope as_written(Lang::en);
    return translate(english_, values);
  }
  return translate(english_, values);
}

std::string Phrase::english() const {
  const LanguageScope english(Lang::en);
  return text();
}

}  // namespace stroom::verify
