// Reading YAML nodes into typed values while collecting diagnostics.
//
// The scenario loader never stops at the first problem: every reader below reports what is
// wrong with a node to the shared YamlReader and returns std::nullopt, so the caller skips
// that one value and validation carries on. Each value travels as a Field: the node, the
// dotted path that names it in messages (e.g. `populations[0].speed`) and the source
// location to blame. A missing key is blamed on its parent map, an empty value on its key
// (yaml-cpp gives null values a position after the key, which misleads), a value written by
// a `--set` override on the override itself.
//
//   YamlReader ── owns diagnostics, the current file, the set of override nodes
//   MapFields  ── one YAML map checked against its allowed keys (unknown, duplicate keys)
//   Field      ── one value to read: node + path + location
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stroom/distribution.hpp"
#include "stroom/error.hpp"
#include "stroom/vec2.hpp"

namespace stroom::scenario_detail {

/// One value to read. `value` is undefined when the key is missing.
struct Field {
  YAML::Node value;
  std::string path;      ///< dotted path used in messages
  SourceLocation where;  ///< location blamed for problems with this value
  std::string note;      ///< appended to messages (e.g. the override that wrote the value)
  bool present() const { return value.IsDefined(); }
};

/// Lower limit that a per-person quantity obeys.
enum class Bound { none, non_negative, positive };

/// Levenshtein distance with adjacent transpositions counted as one edit.
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The candidate closest to `word` if it is a plausible typo of it, else empty.
std::string closest_name(std::string_view word, std::span<const std::string> candidates);
/// " (write decimals with a point: 4.0, not 4,0)" for a scalar such as "4,0", else "".
std::string decimal_comma_hint(const YAML::Node& value);

/// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  /// File that marks of the nodes now being read refer to (changes for venue includes).
  const std::string& file() const { return file_; }
  void set_file(std::string file) { file_ = std::move(file); }

  /// Remembers every node of an override value so that problems with it name the override.
  void add_override(const YAML::Node& value, const std::string& text);

  /// Location of a node; `key_mark` (when not null) is used for empty values.
  SourceLocation locate(const YAML::Node& node,
                        const YAML::Mark& key_mark = YAML::Mark::null_mark()) const;
  std::string note_for(const YAML::Node& node) const;
  Field field(const YAML::Node& node, std::string path,
              const YAML::Mark& key_mark = YAML::Mark::null_mark()) const;
  /// The i-th element of a sequence field.
  Field element(const Field& sequence, std::size_t index) const;

  void error(const Field& field, const std::string& message);
  void error_at(SourceLocation where, const std::string& message);
  bool has_errors() const { return !diagnostics_.empty(); }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

  // Scalar and small compound readers. Each reports its own problem and returns nullopt.
  bool expect_map(const Field& field, const char* what = "a map of keys");
  bool expect_sequence(const Field& field, const char* what = "a list");
  std::optional<double> number(const Field& field);
  std::optional<std::int64_t> integer(const Field& field);
  std::optional<std::string> text(const Field& field);
  std::optional<bool> boolean(const Field& field);
  std::optional<Vec2> point(const Field& field);
  std::optional<Polygon> polygon(const Field& field);
  std::optional<Segment> segment(const Field& field);
  std::optional<Distribution> distribution(const Field& field, Bound bound);

  /// A number that must lie in a range: > lo (or >= lo when lo_inclusive), <= hi when given.
  std::optional<double> number_above(const Field& field, double lo, bool lo_inclusive,
                                     const char* unit);
  /// Checks a number against the limit of its path (scenario/limits.hpp); reports and returns
  /// false when it is outside.
  bool in_limits(const Field& field, double value);

 private:
  bool is_override(const YAML::Node& node, std::string* text) const;
  std::optional<Distribution> normal(const Field& field, Bound bound);
  /// A distribution without the limit of its quantity (distribution() adds it).
  std::optional<Distribution> any_distribution(const Field& field, Bound bound);

  std::string file_;
  std::vector<std::pair<YAML::Node, std::string>> override_nodes_;
  std::vector<Diagnostic> diagnostics_;
};

/// Describes a node's kind for "expected X, got Y" messages.
std::string describe(const YAML::Node& node);
/// Formats a number the way a user wrote it (no trailing zeros).
std::string format_number(double value);

/// One YAML map checked against its allowed keys. Construction reports a non-map value,
/// unknown keys (with a hint for typos), duplicate and non-text keys.
class MapFields {
 public:
  MapFields(YamlReader& reader, const Field& map, std::vector<std::string> allowed);

  bool ok() const { return ok_; }
  const Field& self() const { return self_; }
  /// The field for `key`; not present() when missing.
  Field get(const std::string& key) const;
  /// As get(), and reports a missing key at the map.
  Field require(const std::string& key);
  bool has(const std::string& key) const { return get(key).present(); }
  /// Keys present, in file order (first occurrence only).
  std::vector<std::string> keys() const;

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };
  YamlReader& reader_;
  Field self_;
  std::vector<std::string> allowed_;
  std::vector<Entry> entries_;
  bool ok_ = false;
};

/// "parent.key", or "key" at the top level.
std::string join_path(const std::string& parent, const std::string& key);

}  // namespace stroom::scenario_detail
