#include "scenario/yaml_reader.hpp"

#include "scenario/limits.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace stroom::scenario_detail {

// [SECTION] Names and typos

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance over three rolling rows.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    before = previous;
    previous = current;
  }
  return previous[b.size()];
}

std::string closest_name(std::string_view word, std::span<const std::string> candidates) {
  // Short words tolerate one edit, longer ones two: "sped" → "speed", but "at" ↛ "in".
  const std::size_t tolerance = word.size() <= 4 ? 1 : 2;
  std::string best;
  std::size_t best_distance = tolerance + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates) {
  const std::string best = closest_name(word, candidates);
  return best.empty() ? std::string{} : " (did you mean '" + best + "'?)";
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string format_number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  const std::string& scalar = node.Scalar();
  return "'" + (scalar.size() > 40 ? scalar.substr(0, 40) + "..." : scalar) + "'";
}

namespace {

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names)
    out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string describe_key(const YAML::Node& key) {
  return key.IsScalar() ? key.Scalar() : std::string("?");
}

bool is_plain_scalar(const YAML::Node& node) {
  // yaml-cpp tags quoted scalars "!" and plain ones "?": a quoted "5" is text, not a number.
  return node.IsScalar() && node.Tag() != "!";
}

}  // namespace

// [SECTION] Locations

void YamlReader::add_override(const YAML::Node& value, const std::string& text) {
  override_nodes_.emplace_back(value, text);
  if (value.IsMap()) {
    for (const auto& entry : value) {
      add_override(entry.first, text);
      add_override(entry.second, text);
    }
  } else if (value.IsSequence()) {
    for (const auto& element : value)
      add_override(element, text);
  }
}

bool YamlReader::is_override(const YAML::Node& node, std::string* text) const {
  if (!node.IsDefined()) return false;
  for (const auto& [override_node, override_text] : override_nodes_) {
    if (node.is(override_node)) {
      if (text) *text = override_text;
      return true;
    }
  }
  return false;
}

SourceLocation YamlReader::locate(const YAML::Node& node, const YAML::Mark& key_mark) const {
  if (is_override(node, nullptr)) return {"--set", 0, 0};
  YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
  const bool empty_value = !node.IsDefined() || node.IsNull();
  if ((empty_value || mark.is_null()) && !key_mark.is_null()) mark = key_mark;
  if (mark.is_null()) return {file_, 0, 0};
  return {file_, mark.line + 1, mark.column + 1};
}

std::string YamlReader::note_for(const YAML::Node& node) const {
  std::string text;
  return is_override(node, &text) ? " (set by --set " + text + ")" : std::string{};
}

Field YamlReader::field(const YAML::Node& node, std::string path,
                        const YAML::Mark& key_mark) const {
  return Field{node, std::move(path), locate(node, key_mark), note_for(node)};
}

Field YamlReader::element(const Field& sequence, std::size_t index) const {
  const YAML::Node node = sequence.value[index];
  Field out = field(node, sequence.path + "[" + std::to_string(index) + "]");
  if (out.where.line == 0 && out.note.empty()) out.where = sequence.where;
  if (out.note.empty()) out.note = sequence.note;
  return out;
}

void YamlReader::error(const Field& field, const std::string& message) {
  diagnostics_.push_back({field.where, field.path + ": " + message + field.note});
}

void YamlReader::error_at(SourceLocation where, const std::string& message) {
  diagnostics_.push_back({std::move(where), message});
}

// [SECTION] Scalars

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

}  // namespace

std::string decimal_comma_hint(const YAML::Node& value) {
  if (!value.IsScalar()) return {};
  std::string s = value.Scalar();
  if (!s.empty() && s[0] == '-') s.erase(0, 1);
  const std::size_t comma = s.find(',');
  if (comma == std::string::npos || !all_digits(s.substr(0, comma)) ||
      !all_digits(s.substr(comma + 1)))
    return {};
  std::string point = value.Scalar();
  point[point.find(',')] = '.';
  return " (write decimals with a point: " + point + ", not " + value.Scalar() + ")";
}

bool YamlReader::expect_map(const Field& f, const char* what) {
  if (!f.present()) return false;
  if (f.value.IsMap()) return true;
  error(f, std::string("expected ") + what + ", got " + describe(f.value));
  return false;
}

bool YamlReader::expect_sequence(const Field& f, const char* what) {
  if (!f.present()) return false;
  if (f.value.IsSequence()) return true;
  error(f, std::string("expected ") + what + ", got " + describe(f.value));
  return false;
}

std::optional<double> YamlReader::number(const Field& f) {
  if (!f.present()) return std::nullopt;  // reported as missing by MapFields::require
  if (is_plain_scalar(f.value)) {
    double value = 0.0;
    if (YAML::convert<double>::decode(f.value, value) && std::isfinite(value)) {
      if (in_limits(f, value)) return value;
      return std::nullopt;
    }
  }
  error(f, "expected a number, got " + describe(f.value) + decimal_comma_hint(f.value));
  return std::nullopt;
}

bool YamlReader::in_limits(const Field& f, double value) {
  const Limit* limit = limit_for(f.path);
  if (limit == nullptr || limit->admits(value)) return true;
  error(f, "must be " + limit->describe() + ", got " + format_number(value));
  return false;
}

std::optional<std::int64_t> YamlReader::integer(const Field& f) {
  if (!f.present()) return std::nullopt;
  if (is_plain_scalar(f.value)) {
    const std::string& s = f.value.Scalar();
    std::int64_t value = 0;
    const char* begin = s.data() + (!s.empty() && s[0] == '+' ? 1 : 0);
    const auto [end, status] = std::from_chars(begin, s.data() + s.size(), value);
    if (status == std::errc{} && end == s.data() + s.size()) {
      if (in_limits(f, static_cast<double>(value))) return value;
      return std::nullopt;
    }
    if (status == std::errc::result_out_of_range) {
      const Limit* limit = limit_for(f.path);
      error(f, "must be a whole number" + (limit ? " " + limit->describe() : std::string()) +
                   ", got " + describe(f.value));
      return std::nullopt;
    }
  }
  error(f, "expected a whole number, got " + describe(f.value) + decimal_comma_hint(f.value));
  return std::nullopt;
}

std::optional<std::string> YamlReader::text(const Field& f) {
  if (!f.present()) return std::nullopt;
  if (f.value.IsScalar() && !f.value.Scalar().empty()) return f.value.Scalar();
  error(f, "expected a name (text), got " + describe(f.value));
  return std::nullopt;
}

std::optional<bool> YamlReader::boolean(const Field& f) {
  if (!f.present()) return std::nullopt;
  if (is_plain_scalar(f.value)) {
    const std::string& s = f.value.Scalar();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  error(f, "expected true or false, got " + describe(f.value));
  return std::nullopt;
}

std::optional<double> YamlReader::number_above(const Field& f, double lo, bool lo_inclusive,
                                               const char* unit) {
  const auto value = number(f);
  if (!value) return std::nullopt;
  if (lo_inclusive ? *value >= lo : *value > lo) return value;
  error(f, std::string("must be ") + (lo_inclusive ? ">= " : "> ") + format_number(lo) + unit +
               ", got " + format_number(*value));
  return std::nullopt;
}

// [SECTION] Points, polygons, segments

std::optional<Vec2> YamlReader::point(const Field& f) {
  if (!f.present()) return std::nullopt;
  if (!f.value.IsSequence() || f.value.size() != 2) {
    error(f, "expected a point [x, y] in metres, got " +
                 (f.value.IsSequence() ? "a list of " + std::to_string(f.value.size()) + " values"
                                       : describe(f.value)));
    return std::nullopt;
  }
  const Field fx = element(f, 0);
  const Field fy = element(f, 1);
  const auto x = number(fx);
  const auto y = number(fy);
  if (!x || !y) return std::nullopt;
  // Coordinates: one box for all (docs/scenario-format.md, "Limits").
  bool ok = true;
  for (const auto& [field, value] : {std::pair{&fx, *x}, std::pair{&fy, *y}}) {
    if (!kCoordinateLimit.admits(value)) {
      error(*field, "coordinates must be " + kCoordinateLimit.describe() +
                        " from the origin, got " + format_number(value));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return Vec2{*x, *y};
}

std::optional<Polygon> YamlReader::polygon(const Field& f) {
  if (!f.present()) return std::nullopt;
  if (!expect_sequence(f, "a polygon: a list of at least 3 points [x, y]")) return std::nullopt;
  if (f.value.size() < 3) {
    error(f, "a polygon needs at least 3 points [x, y], got " + std::to_string(f.value.size()));
    return std::nullopt;
  }
  Polygon polygon;
  bool ok = true;
  for (std::size_t i = 0; i < f.value.size(); ++i) {
    const auto p = point(element(f, i));
    if (p) polygon.push_back(*p);
    ok = ok && p.has_value();
  }
  if (!ok) return std::nullopt;
  return polygon;
}

std::optional<Segment> YamlReader::segment(const Field& f) {
  if (!f.present()) return std::nullopt;
  if (!f.value.IsSequence() || f.value.size() != 2) {
    error(f, "expected a segment of exactly two points [[x1, y1], [x2, y2]], got " +
                 (f.value.IsSequence() ? "a list of " + std::to_string(f.value.size()) + " values"
                                       : describe(f.value)));
    return std::nullopt;
  }
  const auto a = point(element(f, 0));
  const auto b = point(element(f, 1));
  if (!a || !b) return std::nullopt;
  if (*a == *b) {
    error(f, "the two points of a segment must differ (zero length)");
    return std::nullopt;
  }
  return Segment{*a, *b};
}

// [SECTION] Distributions

namespace {

const std::vector<std::string> kDistributionKinds = {"normal", "uniform", "lognormal",
                                                     "exponential"};
constexpr const char* kDistributionHelp =
    "a number or a map with exactly one of normal, uniform, lognormal, exponential";

const char* bound_text(Bound bound) {
  return bound == Bound::positive ? "> 0" : ">= 0";
}

bool within(double value, Bound bound) {
  switch (bound) {
    case Bound::none:
      return true;
    case Bound::non_negative:
      return value >= 0.0;
    case Bound::positive:
      return value > 0.0;
  }
  return true;
}

}  // namespace

std::optional<Distribution> YamlReader::distribution(const Field& f, Bound bound) {
  std::optional<Distribution> d = any_distribution(f, bound);
  const Limit* limit = limit_for(f.path);
  if (!d || limit == nullptr) return d;
  // The quantity's upper limit (scenario/limits.hpp): no parameter may exceed it, and the
  // draws never do (a normal without max is truncated at the lower of the limit and mean +
  // 6 sd, lognormal and exponential draws are cut at the limit).
  const double hi = limit->hi;
  bool ok = true;
  const auto check = [&](double value, const char* what) {
    if (value <= hi) return;
    error(f, std::string(what) + " must be <= " + format_number(hi) + limit->unit + ", got " +
                 format_number(value));
    ok = false;
  };
  switch (d->kind) {
    case Distribution::Kind::constant:
      break;  // number() checked it
    case Distribution::Kind::normal:
      check(d->mean, "the mean");
      check(d->sd, "the sd");
      if (std::isfinite(d->max)) {
        check(d->max, "max");
      } else {
        d->max = std::min(hi, d->mean + 6.0 * d->sd);
        if (std::isfinite(d->min)) d->max = std::max(d->max, std::min(d->min, hi));
      }
      if (std::isfinite(d->min)) check(d->min, "min");
      break;
    case Distribution::Kind::uniform:
      check(d->max, "the upper bound b");
      break;
    case Distribution::Kind::lognormal:
      check(d->mean, "the mean");
      check(d->sd, "the sd");
      d->max = hi;
      break;
    case Distribution::Kind::exponential:
      check(d->mean, "the mean");
      d->max = hi;
      break;
  }
  if (!ok) return std::nullopt;
  return d;
}

std::optional<Distribution> YamlReader::any_distribution(const Field& f, Bound bound) {
  if (!f.present()) return std::nullopt;
  if (f.value.IsScalar()) {
    const auto value = number(f);
    if (!value) return std::nullopt;
    if (!within(*value, bound)) {
      error(f, std::string("must be ") + bound_text(bound) + ", got " + format_number(*value));
      return std::nullopt;
    }
    return Distribution::constant_value(*value);
  }
  if (!f.value.IsMap()) {
    error(f, std::string("expected ") + kDistributionHelp + ", got " + describe(f.value));
    return std::nullopt;
  }
  if (f.value.size() != 1) {
    std::string listed;
    for (const auto& entry : f.value) {
      listed += (listed.empty() ? "'" : ", '") + describe_key(entry.first) + "'";
    }
    error(f,
          "a distribution has exactly one key (normal, uniform, lognormal or exponential), got " +
              (listed.empty() ? std::string("none") : listed));
    return std::nullopt;
  }
  const YAML::Node only_key = f.value.begin()->first;
  const std::string kind = describe_key(only_key);
  if (std::find(kDistributionKinds.begin(), kDistributionKinds.end(), kind) ==
      kDistributionKinds.end()) {
    error(field(only_key, f.path + "." + kind),
          "unknown distribution '" + kind + "'" + did_you_mean(kind, kDistributionKinds) +
              "; allowed: normal, uniform, lognormal, exponential");
    return std::nullopt;
  }
  MapFields map(*this, f, kDistributionKinds);
  const Field params = map.get(kind);
  if (kind == "normal") return normal(params, bound);
  if (kind == "uniform") {
    if (!params.value.IsSequence() || params.value.size() != 2) {
      error(params, "expected [a, b] with a <= b, got " + describe(params.value));
      return std::nullopt;
    }
    const auto a = number(element(params, 0));
    const auto b = number(element(params, 1));
    if (!a || !b) return std::nullopt;
    if (*a > *b) {
      error(params, "uniform [a, b] needs a <= b, got [" + format_number(*a) + ", " +
                        format_number(*b) + "]");
      return std::nullopt;
    }
    if (!within(*a, bound)) {
      error(params, std::string("lower bound a must be ") + bound_text(bound) + ", got " +
                        format_number(*a));
      return std::nullopt;
    }
    return Distribution::uniform_dist(*a, *b);
  }
  if (kind == "lognormal") {
    MapFields p(*this, params, {"mean", "sd"});
    if (!p.ok()) return std::nullopt;
    const auto mean = number_above(p.require("mean"), 0.0, false, "");
    const auto sd = number_above(p.require("sd"), 0.0, true, "");
    if (!mean || !sd) return std::nullopt;
    return Distribution::lognormal_dist(*mean, *sd);
  }
  // exponential
  MapFields p(*this, params, {"mean"});
  if (!p.ok()) return std::nullopt;
  const auto mean = number_above(p.require("mean"), 0.0, false, "");
  if (!mean) return std::nullopt;
  return Distribution::exponential_dist(*mean);
}

std::optional<Distribution> YamlReader::normal(const Field& f, Bound bound) {
  MapFields p(*this, f, {"mean", "sd", "min", "max"});
  if (!p.ok()) return std::nullopt;
  const Field mean_field = p.require("mean");
  const auto mean = number(mean_field);
  const auto sd = number_above(p.require("sd"), 0.0, true, "");
  std::optional<double> lo, hi;
  const Field min_field = p.get("min");
  if (min_field.present()) lo = number(min_field);
  if (p.has("max")) hi = number(p.get("max"));
  if (!mean || !sd || (p.has("min") && !lo) || (p.has("max") && !hi)) return std::nullopt;
  if (lo && hi && *lo > *hi) {
    error(f, "normal needs min <= max, got min " + format_number(*lo) + " > max " +
                 format_number(*hi));
    return std::nullopt;
  }
  if (!within(*mean, bound)) {
    error(mean_field,
          std::string("must be ") + bound_text(bound) + ", got " + format_number(*mean));
    return std::nullopt;
  }
  if (lo && !within(*lo, bound == Bound::none ? Bound::none : Bound::non_negative)) {
    error(min_field, "must be >= 0, got " + format_number(*lo));
    return std::nullopt;
  }
  // A quantity that cannot be negative is truncated at 0 when no min is given, so that no
  // draw ever leaves its physical range (documented in docs/scenario-format.md).
  if (!lo && bound != Bound::none) lo = 0.0;
  return Distribution::normal_dist(*mean, *sd, lo.value_or(-INFINITY), hi.value_or(INFINITY));
}

// [SECTION] Maps

MapFields::MapFields(YamlReader& reader, const Field& map, std::vector<std::string> allowed)
    : reader_(reader), self_(map), allowed_(std::move(allowed)) {
  if (!map.value.IsMap()) {
    reader_.error(
        map, "expected a map of keys (" + join_names(allowed_) + "), got " + describe(map.value));
    return;
  }
  ok_ = true;
  std::string previous_key;  // the key before this one, for the decimal-comma hint
  YAML::Node previous(YAML::NodeType::Undefined);
  for (const auto& entry : map.value) {
    const YAML::Node& key_node = entry.first;
    if (!key_node.IsScalar()) {
      reader_.error(reader_.field(key_node, map.path),
                    "keys must be names, got " + describe(key_node));
      continue;
    }
    const std::string key = key_node.Scalar();
    // A key added by an override has no position: blame its value (the override) instead.
    const Field key_field = reader_.field(key_node.Mark().is_null() ? entry.second : key_node,
                                          join_path(map.path, key));
    const auto first = std::find_if(entries_.begin(), entries_.end(),
                                    [&](const Entry& e) { return e.key == key; });
    if (first != entries_.end()) {
      reader_.error(key_field, "duplicate key (first given at line " +
                                   std::to_string(first->key_node.Mark().line + 1) +
                                   "); each key may appear once");
      continue;
    }
    if (std::find(allowed_.begin(), allowed_.end(), key) == allowed_.end()) {
      // `{mean: 1,34}` reads as `mean: 1` and a key `34` without a value: a decimal comma.
      std::string hint = did_you_mean(key, allowed_);
      if (all_digits(key) && entry.second.IsNull() && previous.IsDefined() && previous.IsScalar() &&
          all_digits(previous.Scalar()))
        hint = " (a decimal comma? '" + previous_key + ": " + previous.Scalar() + "," + key +
               "' reads as '" + previous_key + ": " + previous.Scalar() + "' and a key '" + key +
               "'; write decimals with a point: " + previous_key + ": " + previous.Scalar() + "." +
               key + ")";
      reader_.error(key_field, "unknown key" + hint + "; allowed in " +
                                   (map.path.empty() ? std::string("the scenario") : map.path) +
                                   ": " + join_names(allowed_));
      previous_key = key;
      previous.reset(entry.second);
      continue;
    }
    previous_key = key;
    previous.reset(entry.second);
    entries_.push_back({key, key_node, entry.second});
  }
}

Field MapFields::get(const std::string& key) const {
  for (const auto& e : entries_) {
    if (e.key == key) return reader_.field(e.value, join_path(self_.path, key), e.key_node.Mark());
  }
  Field missing = self_;
  // reset(), not assignment: assigning to a YAML::Node writes into the node it shares with
  // the tree, which turned the map itself (the whole scenario, for a top-level key) into an
  // undefined node for everything that read the tree later.
  missing.value.reset(YAML::Node(YAML::NodeType::Undefined));
  missing.path = join_path(self_.path, key);
  return missing;
}

Field MapFields::require(const std::string& key) {
  Field f = get(key);
  if (!f.present() && ok_) {
    reader_.error_at(self_.where, (self_.path.empty() ? std::string("scenario") : self_.path) +
                                      ": missing required key '" + key + "'" + self_.note);
  }
  return f;
}

std::vector<std::string> MapFields::keys() const {
  std::vector<std::string> out;
  for (const auto& e : entries_)
    out.push_back(e.key);
  return out;
}

}  // namespace stroom::scenario_detail
