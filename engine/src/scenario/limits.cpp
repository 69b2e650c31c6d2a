#include "scenario/limits.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <sstream>
#include <vector>

#include <yaml-cpp/eventhandler.h>

#include "scenario/yaml_reader.hpp"
#include "stroom/profiles.hpp"

namespace stroom::scenario_detail {

namespace {

struct Entry {
  const char* path;
  Limit limit;
};

constexpr double kHuge = 1e6;  // s: stays, service and premovement times, criteria times

// Each entry: the dotted path without list indices, and its range. Model parameters: the
// ranges bracket the values their papers report (Tordeux et al. 2016 for the collision-free
// speed model, Helbing, Farkas & Vicsek 2000 for social force, Xu, Chraibi & Seyfried 2021 for
// the anticipation velocity model) by a wide margin; outside them the models leave their
// physical regime (e.g. social force with agent_range -> 0 computes exp(d / B) overflows and
// NaN positions).
const Entry kTable[] = {
    {"time.step", {0.001, 0.2, false, " s"}},
    {"time.duration", {0.0, limits::kMaxDuration, true, " s"}},
    {"model.time_gap", {0.05, 10.0, false, " s"}},
    {"model.neighbor_repulsion_strength", {0.01, 100.0, false, ""}},
    {"model.neighbor_repulsion_range", {0.01, 2.0, false, " m"}},
    {"model.wall_repulsion_strength", {0.01, 100.0, false, ""}},
    {"model.wall_repulsion_range", {0.005, 2.0, false, " m"}},
    {"model.anticipation_range", {0.1, 20.0, false, " m"}},
    {"model.reaction_time", {0.01, 10.0, false, " s"}},
    {"model.cutoff", {0.5, 10.0, false, " m"}},
    {"model.turn_time", {0.0, 2.0, false, " s"}},
    {"model.press_after", {0.0, 600.0, false, " s"}},
    {"model.relaxation_time", {0.05, 5.0, false, " s"}},
    {"model.mass", {20.0, 200.0, false, " kg"}},
    {"model.agent_strength", {10.0, 1e5, false, " N"}},
    {"model.agent_range", {0.02, 1.0, false, " m"}},
    {"model.wall_strength", {10.0, 1e5, false, " N"}},
    {"model.wall_range", {0.02, 1.0, false, " m"}},
    {"model.body_force", {1e3, 1e6, false, " kg/s²"}},
    {"model.friction", {1e3, 1e6, false, " kg/(m·s)"}},
    {"model.max_speed_factor", {1.0, 2.0, false, ""}},
    {"model.anticipation_time", {0.0, 5.0, false, " s"}},
    {"model.wall_buffer_distance", {0.0, 1.0, false, " m"}},
    {"model.wall_pushout_strength", {0.0, 1.0, false, ""}},
    {"venue.origin.x", {-limits::kMaxOrigin, limits::kMaxOrigin, false, " m"}},
    {"venue.origin.y", {-limits::kMaxOrigin, limits::kMaxOrigin, false, " m"}},
    {"venue.exits.max_flow", {0.0, 10.0, true, " persons/(m·s)"}},
    {"venue.checkpoints.lanes", {1.0, 1000.0, false, ""}},
    {"venue.checkpoints.service", {0.0, kHuge, false, " s"}},
    {"venue.zones.capacity", {1.0, 10'000'000.0, false, " persons"}},
    {"venue.zones.max_density", {0.0, 20.0, true, " persons/m²"}},
    {"venue.waypoints.radius", {0.05, 1000.0, false, " m"}},
    {"populations.count", {0.0, 1'000'000.0, false, " persons"}},
    {"populations.arrive.total", {0.0, limits::kMaxPersons, false, " persons"}},
    {"populations.speed", {0.0, limits::kMaxSpeed, true, " m/s"}},
    {"populations.radius", {0.0, 1.0, true, " m"}},
    {"populations.profiles.speed", {0.0, limits::kMaxSpeed, true, " m/s"}},
    {"populations.profiles.radius", {0.0, 1.0, true, " m"}},
    {"populations.journey.stay", {0.0, kHuge, false, " s"}},
    {"populations.journey.visit.stay", {0.0, kHuge, false, " s"}},
    {"populations.journey.visit.attractions.stay", {0.0, kHuge, false, " s"}},
    // A weight is a relative popularity: only ratios matter; 1e6 spans any real spread.
    {"populations.journey.visit.attractions.weight", {0.0, 1e6, true, ""}},
    {"populations.journey.visit.count", {0.0, 200.0, false, " attractions"}},
    {"populations.journey.visit.until", {0.0, limits::kMaxDuration, false, " s"}},
    // Moussaïd et al. 2010 observed groups of 1 to 6 (PLoS ONE 5(4) e10047, Fig. 1); larger
    // parties split up on foot. 20 bounds a school class walking as one.
    {"populations.groups.size", {1.0, 20.0, false, " persons"}},
    {"events.at", {0.0, limits::kMaxDuration, false, " s"}},
    {"events.evacuate.premovement", {0.0, kHuge, false, " s"}},
    {"criteria.max_evacuation_time", {0.0, kHuge, true, " s"}},
    {"criteria.max_density", {0.0, 100.0, true, " persons/m²"}},
    {"criteria.all_out_by", {0.0, kHuge, true, " s"}},
    {"criteria.max_exit_flow", {0.0, 100.0, true, " persons/(m·s)"}},
    {"measure.cell", {0.1, 100.0, false, " m"}},
    {"measure.window", {0.1, 3600.0, false, " s"}},
    {"measure.smoothing", {0.0, 10.0, false, " m"}},
    {"output.frame_interval", {0.01, 3600.0, false, " s"}},
};

}  // namespace

/// measure.smoothing at most this many cell edges (a disc of about 300 cells).
constexpr double kMaxSmoothingCells = 10.0;

std::string Limit::describe() const {
  if (lo_open) return "> " + format_number(lo) + " and <= " + format_number(hi) + unit;
  return "between " + format_number(lo) + " and " + format_number(hi) + unit;
}

std::string strip_indices(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  bool in_index = false;
  for (const char c : path) {
    if (c == '[') in_index = true;
    if (!in_index) out.push_back(c);
    if (c == ']') in_index = false;
  }
  return out;
}

const Limit* limit_for(const std::string& path) {
  const std::string key = strip_indices(path);
  for (const Entry& e : kTable) {
    if (key == e.path) return &e.limit;
  }
  return nullptr;
}

// [SECTION] Checks that combine values

namespace {

/// The node at `keys` below `root` (undefined when any is missing); never inserts.
YAML::Node find(const YAML::Node& root, std::initializer_list<const char*> keys) {
  YAML::Node node;
  node.reset(root);
  for (const char* key : keys) {
    if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    YAML::Node next(YAML::NodeType::Undefined);
    for (const auto& entry : node) {
      if (entry.first.IsScalar() && entry.first.Scalar() == key) {
        next.reset(entry.second);
        break;
      }
    }
    if (!next.IsDefined()) return next;
    node.reset(next);
  }
  return node;
}

/// Expected persons of an arrival profile over its whole length (the arrival list is drawn
/// for the whole profile), capped by `total`.
double expected_arrivals(const ArrivalDesc& arrive) {
  double sum = 0.0;
  for (std::size_t k = 0; k + 1 < arrive.rate.size(); ++k) {
    const RatePoint& a = arrive.rate[k];
    const RatePoint& b = arrive.rate[k + 1];
    sum += 0.5 * (a.rate + b.rate) * (b.time - a.time);
  }
  if (arrive.total) sum = std::min(sum, static_cast<double>(*arrive.total));
  return sum;
}

}  // namespace

void check_combined_limits(YamlReader& reader, const Scenario& s, const YAML::Node& root,
                           const std::string& venue_file) {
  const std::string main_file = reader.file();

  // Venue extent, and with it the cells of the density grid.
  Bounds box{{INFINITY, INFINITY}, {-INFINITY, -INFINITY}};
  for (const Polygon& polygon : s.venue.walkable) {
    for (const Vec2 p : polygon) {
      box.min = {std::min(box.min.x, p.x), std::min(box.min.y, p.y)};
      box.max = {std::max(box.max.x, p.x), std::max(box.max.y, p.y)};
    }
  }
  bool venue_ok = true;
  if (!s.venue.walkable.empty()) {
    const double width = box.max.x - box.min.x;
    const double height = box.max.y - box.min.y;
    if (width > limits::kMaxVenueExtent || height > limits::kMaxVenueExtent) {
      venue_ok = false;
      if (!venue_file.empty()) reader.set_file(venue_file);
      const YAML::Node walkable = find(root, {"venue", "walkable"});
      reader.error(reader.field(walkable, "venue.walkable"),
                   "the walkable area spans " + format_number(std::round(width)) + " m × " +
                       format_number(std::round(height)) + " m; Stroom simulates venues up to " +
                       format_number(limits::kMaxVenueExtent) + " m × " +
                       format_number(limits::kMaxVenueExtent) + " m");
      reader.set_file(main_file);
    }
    const double nx = std::ceil(width / s.measure.cell);
    const double ny = std::ceil(height / s.measure.cell);
    if (venue_ok && nx * ny > static_cast<double>(limits::kMaxDensityCells)) {
      const double cell = std::sqrt(width * height / static_cast<double>(limits::kMaxDensityCells));
      const YAML::Node node = find(root, {"measure", "cell"});
      const Field f = node.IsDefined() ? reader.field(node, "measure.cell")
                                       : reader.field(root, "measure.cell");
      reader.error(f, "the density grid over the venue (" + format_number(std::round(width)) +
                          " m × " + format_number(std::round(height)) + " m) would have " +
                          format_number(nx * ny) + " cells, more than " +
                          std::to_string(limits::kMaxDensityCells) +
                          "; use a measure.cell of at least " +
                          format_number(std::ceil(cell * 100.0) / 100.0) + " m");
    }
  }

  // The smoothing disc, in cells: its work grows with its area for every sampled person.
  if (s.measure.smoothing > kMaxSmoothingCells * s.measure.cell) {
    reader.error(reader.field(find(root, {"measure", "smoothing"}), "measure.smoothing"),
                 "a smoothing radius of " + format_number(s.measure.smoothing) +
                     " m spans more than " + format_number(kMaxSmoothingCells) + " cells of " +
                     format_number(s.measure.cell) + " m; use at most " +
                     format_number(kMaxSmoothingCells * s.measure.cell) +
                     " m or a larger measure.cell");
  }

  // A snapshot after the run would never be taken.
  if (!s.measure.snapshots.empty() && s.measure.snapshots.back() > s.duration) {
    const YAML::Node list = find(root, {"measure", "snapshots"});
    const std::size_t last = list.IsSequence() ? list.size() - 1 : 0;
    reader.error(reader.field(list.IsSequence() ? list[last] : list, "measure.snapshots"),
                 "a snapshot at " + format_number(s.measure.snapshots.back()) +
                     " s lies after the end of the run (time.duration " +
                     format_number(s.duration) + " s)");
  }

  // Steps of the run.
  const double steps = s.duration / s.step;
  if (steps > limits::kMaxSteps) {
    reader.error(reader.field(find(root, {"time", "duration"}), "time.duration"),
                 "duration / step = " + format_number(std::ceil(steps)) + " steps, more than " +
                     format_number(limits::kMaxSteps) +
                     "; shorten the duration or lengthen time.step");
  }

  // Social force integrates the body contact force k·overlap explicitly: above a step of
  // 2·sqrt(mass / body_force) (the stability limit of that spring) bodies overshoot and pass
  // through each other instead of touching.
  if (s.model.type == ModelType::social_force) {
    const SocialForceParams& sf = s.model.social_force;
    const double stable = 2.0 * std::sqrt(sf.mass / sf.body_force);
    if (s.step > stable) {
      const YAML::Node step = find(root, {"time", "step"});
      const Field f = step.IsDefined() ? reader.field(step, "time.step")
                                       : reader.field(find(root, {"model"}), "time.step");
      reader.error(f, "social force with mass " + format_number(sf.mass) + " kg and body_force " +
                          format_number(sf.body_force) + " kg/s² needs a step of at most " +
                          format_number(std::floor(stable * 1e4) / 1e4) +
                          " s (2·sqrt(mass / body_force), the stability limit of body contacts), "
                          "got " +
                          format_number(s.step));
    }
  }

  // Persons, and the longest move of one step.
  const double factor =
      s.model.type == ModelType::social_force ? s.model.social_force.max_speed_factor : 1.0;
  const YAML::Node populations = find(root, {"populations"});
  double persons = 0.0;
  for (std::size_t i = 0; i < s.populations.size(); ++i) {
    const PopulationDesc& p = s.populations[i];
    if (p.count) persons += *p.count;
    if (p.arrive) persons += expected_arrivals(*p.arrive);
    const double fastest = fastest_speed(p);
    const double longest = fastest * factor * s.step;
    if (longest > limits::kMaxStepLength) {
      YAML::Node node(YAML::NodeType::Undefined);
      if (populations.IsSequence() && i < populations.size()) {
        node = find(populations[i], {"speed"});
        if (!node.IsDefined()) node.reset(populations[i]);
      }
      const std::string path = "populations[" + std::to_string(i) + "].speed";
      reader.error(reader.field(node, path),
                   "persons as fast as " + format_number(fastest) + " m/s" +
                       (factor != 1.0 ? " × max_speed_factor " + format_number(factor) : "") +
                       " move " + format_number(longest) + " m in a step of " +
                       format_number(s.step) + " s; at most " +
                       format_number(limits::kMaxStepLength) +
                       " m per step is allowed (shorten time.step or lower the speed)");
    }
  }
  if (persons > limits::kMaxPersons) {
    reader.error(reader.field(populations, "populations"),
                 "the populations bring " + format_number(std::round(persons)) +
                     " persons (placed plus expected arrivals); Stroom simulates at most " +
                     format_number(limits::kMaxPersons));
  }
}

namespace {

/// Counts the values of a YAML text with its aliases expanded, from the parser's events, in
/// one pass over the text: an anchored node's expanded size is remembered, an alias adds it.
/// Nothing is expanded, so neither time nor memory grows with the expansion.
class ExpansionCounter : public YAML::EventHandler {
 public:
  explicit ExpansionCounter(std::int64_t budget) : budget_(static_cast<double>(budget)) {}
  bool too_big() const { return too_big_; }
  bool recursive() const { return recursive_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { leaf(anchor); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(anchor);
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    for (const Open& open : stack_) {
      if (open.anchor == anchor) recursive_ = true;  // a node that contains itself
    }
    add(anchor < sizes_.size() ? sizes_[anchor] : 1.0);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    stack_.push_back({anchor, 1.0});
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    stack_.push_back({anchor, 1.0});
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    double size;
  };
  void remember(YAML::anchor_t anchor, double size) {
    if (anchor == YAML::NullAnchor) return;
    if (sizes_.size() <= anchor) sizes_.resize(anchor + 1, 1.0);
    sizes_[anchor] = size;
  }
  void add(double size) {
    if (stack_.empty()) {
      total_ += size;
    } else {
      stack_.back().size += size;
    }
    if (total_ + size > budget_ || (!stack_.empty() && stack_.back().size > budget_))
      too_big_ = true;
  }
  void leaf(YAML::anchor_t anchor) {
    remember(anchor, 1.0);
    add(1.0);
  }
  void close() {
    if (stack_.empty()) return;
    const Open done = stack_.back();
    stack_.pop_back();
    remember(done.anchor, done.size);
    add(done.size);
  }

  double budget_;
  double total_ = 0.0;
  std::vector<Open> stack_;
  std::vector<double> sizes_;
  bool too_big_ = false;
  bool recursive_ = false;
};

}  // namespace

std::optional<std::string> yaml_expansion_problem(const std::string& text, std::int64_t budget) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  ExpansionCounter counter(budget);
  parser.HandleNextDocument(counter);  // the first document, as YAML::Load reads
  if (counter.recursive()) {
    return std::string(
        "an alias (*name) refers to the node that contains it; Stroom reads "
        "finite YAML only");
  }
  if (counter.too_big()) {
    return "the file expands to more than " + std::to_string(budget) +
           " YAML values (through its aliases *name); Stroom reads at most that many";
  }
  return std::nullopt;
}

}  // namespace stroom::scenario_detail
