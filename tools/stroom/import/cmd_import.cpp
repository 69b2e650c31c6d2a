// stroom import PLAN --map ROLE=LAYER ... --out VENUE.yaml: a venue file from a site plan
// (DXF, GeoJSON, GeoPackage, shapefile; docs/import.md). The venue written is checked like
// `stroom validate` checks it; a problem is reported at the layer and feature it came from
// and nothing is written (exit 2).
#include "cmd_import.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "plan_reader.hpp"
#include "plan_venue.hpp"
#include "stroom/geometry.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom::cli {

namespace {

namespace fs = std::filesystem;
using plan::PlanLayer;
using plan::Role;

struct ImportArgs {
  std::string plan;
  std::vector<std::string> maps;
  std::string out;
  bool list = false;
  std::string name_field;
  std::string units = "m";
  std::string origin = "auto";
  std::string crs;
  std::string setting;
  double arc_tolerance = 0.01;
  double snap = 0.0;
  double min_area = 0.01;
};

[[noreturn]] void refuse(const std::string& file, const std::string& message) {
  std::vector<Diagnostic> d(1);
  d[0].where.file = file;
  d[0].message = message;
  throw ScenarioError(std::move(d));
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items)
    out += (out.empty() ? "" : ", ") + s;
  return out;
}

int print_list(const plan::PlanReader& reader, const std::string& path) {
  const std::vector<plan::LayerSummary> layers = reader.list();
  std::printf("%s (%s): %zu layer%s\n", path.c_str(), reader.driver().c_str(), layers.size(),
              layers.size() == 1 ? "" : "s");
  std::size_t width = 5;
  for (const auto& l : layers)
    width = std::max(width, l.name.size());
  std::printf("  %-*s  %8s  %8s  %8s  %8s  %8s  %8s\n", static_cast<int>(width), "layer",
              "features", "polygons", "closed", "open", "points", "texts");
  for (const auto& l : layers)
    std::printf("  %-*s  %8lld  %8lld  %8lld  %8lld  %8lld  %8lld\n", static_cast<int>(width),
                l.name.c_str(), static_cast<long long>(l.features),
                static_cast<long long>(l.polygons), static_cast<long long>(l.closed_lines),
                static_cast<long long>(l.open_lines), static_cast<long long>(l.points),
                static_cast<long long>(l.texts));
  std::string crs;
  for (const auto& l : layers)
    if (!l.crs.empty()) crs = l.crs;
  std::printf("coordinate reference system: %s\n",
              crs.empty() ? "not stated (a CAD drawing: give --crs to name it)" : crs.c_str());
  std::printf(
      "closed = closed polylines and circles (polygons for walkable, obstacle, zone); "
      "open = lines (exit, door, line); points and texts name the elements around "
      "them or are waypoints\n");
  return kExitOk;
}

/// Metres per plan unit.
double unit_scale(const std::string& units) {
  if (units == "m") return 1.0;
  if (units == "cm") return 0.01;
  if (units == "mm") return 0.001;
  refuse("--units", "'" + units + "' is not a unit of length; use m, cm or mm");
}

int run_import(const ImportArgs& a) {
  if (!(a.arc_tolerance >= 0.0001 && a.arc_tolerance <= 1.0))
    refuse("--arc-tolerance", "must be between 0.0001 and 1 m");
  if (!(a.snap >= 0.0 && a.snap <= 1.0)) refuse("--snap", "must be between 0 and 1 m");
  if (!(a.min_area >= 0.0 && a.min_area <= 100.0))
    refuse("--min-area", "must be between 0 and 100 m²");
  if (!a.setting.empty() && a.setting != "building" && a.setting != "tent" &&
      a.setting != "open-air")
    refuse("--setting", "'" + a.setting + "': expected building, tent or open-air");
  const double scale = unit_scale(a.units);
  plan::PlanReader reader(a.plan, a.arc_tolerance / scale);
  if (a.list) return print_list(reader, a.plan);
  if (a.out.empty()) refuse("--out", "name the venue file to write (--out venue.yaml)");
  if (a.maps.empty())
    refuse("--map", "give at least --map walkable=LAYER (`stroom import " + a.plan +
                        " --list` shows the layers)");

  // The layers and their roles.
  struct Wanted {
    Role role;
    std::string spec;   ///< as written: LAYER or LAYER[FIELD=VALUE]
    std::string layer;  ///< the layer name
    std::string field, value;
  };
  std::vector<Wanted> wanted;
  bool walkable = false;
  for (const std::string& m : a.maps) {
    const auto eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
      refuse("--map", "'" + m + "': expected ROLE=LAYER, e.g. walkable=SITE");
    const auto role = plan::role_from_name(m.substr(0, eq));
    if (!role)
      refuse("--map", "'" + m.substr(0, eq) +
                          "' is not a role; roles: walkable, obstacle, exit, door, zone, line, "
                          "waypoint");
    walkable = walkable || *role == Role::walkable;
    Wanted w{*role, m.substr(eq + 1), m.substr(eq + 1), {}, {}};
    // LAYER[FIELD=VALUE]: the features of LAYER whose attribute FIELD reads VALUE.
    if (const auto open = w.spec.find('['); open != std::string::npos && w.spec.back() == ']') {
      const std::string filter = w.spec.substr(open + 1, w.spec.size() - open - 2);
      const auto is = filter.find('=');
      if (open == 0 || is == std::string::npos || is == 0)
        refuse("--map", "'" + m + "': expected ROLE=LAYER or ROLE=LAYER[FIELD=VALUE], e.g. " +
                            "exit=plan[role=exit]");
      w.layer = w.spec.substr(0, open);
      w.field = filter.substr(0, is);
      w.value = filter.substr(is + 1);
    }
    wanted.push_back(std::move(w));
  }
  if (!walkable) refuse("--map", "no layer is mapped to walkable (--map walkable=LAYER)");

  // The CRS: stated by the walkable layer, or named with --crs (then layers in another stated
  // CRS are reprojected to it).
  const plan::PlanCrs stated = reader.crs_of(wanted.front().layer);
  // --crs none: the coordinates are metres as they stand, whatever the plan states (a GeoJSON
  // without a `crs` member states WGS 84, its standard's CRS, even when it holds metres).
  const bool no_crs = a.crs == "none";
  std::string to_crs;
  if (!no_crs && !a.crs.empty() && !stated.code.empty() && stated.code != a.crs) to_crs = a.crs;
  std::vector<std::pair<Role, PlanLayer>> layers;
  for (const Wanted& w : wanted) {
    auto layer = reader.read(w.layer, a.name_field, to_crs, w.field, w.value);
    if (!layer)
      refuse(a.plan, "no layer '" + w.layer + "' (--map " + plan::role_name(w.role) + "=" + w.spec +
                         "); its layers are: " + join(reader.layer_names()));
    if (layer->features.empty())
      std::cerr << a.plan << ": warning: --map " << plan::role_name(w.role) << "=" << w.spec
                << " selects no feature\n";
    layer->name = w.spec;
    layers.emplace_back(w.role, std::move(*layer));
  }
  std::vector<std::string> warnings;
  std::string crs = no_crs ? std::string() : a.crs.empty() ? stated.code : a.crs;
  if (a.crs.empty() && stated.geographic) {
    bool degrees = true;
    for (const auto& [role, layer] : layers)
      for (const auto& f : layer.features)
        for (const auto& part : f.parts)
          for (const Vec2 p : part.points)
            degrees = degrees && std::abs(p.x) <= 180.0 && std::abs(p.y) <= 90.0;
    if (degrees)
      refuse(a.plan, "the plan is in degrees of longitude and latitude (" + stated.code +
                         "); give --crs with a CRS in metres to reproject it, e.g. --crs "
                         "EPSG:28992 (RD New) in the Netherlands, or --crs none when the "
                         "coordinates are metres already (a GeoJSON without a crs member states "
                         "WGS 84)");
    warnings.push_back("the plan states " + stated.code +
                       " (degrees) but its coordinates are not degrees; read as metres in a CRS "
                       "it does not state (give --crs to name it)");
    crs.clear();
  }

  plan::ImportOptions options;
  options.plan_file = a.plan;
  options.scale = scale;
  options.crs = crs;
  options.setting = a.setting;
  options.arc_tolerance = a.arc_tolerance;
  options.min_area = a.min_area;
  options.snap = a.snap;
  if (a.origin == "none") {
    options.auto_origin = false;
  } else if (a.origin != "auto") {
    double x = 0.0, y = 0.0;
    char tail = 0;
    if (std::sscanf(a.origin.c_str(), "%lf,%lf%c", &x, &y, &tail) != 2 || !std::isfinite(x) ||
        !std::isfinite(y) || std::abs(x) > 1e7 || std::abs(y) > 1e7)
      refuse("--origin", "'" + a.origin +
                             "': expected auto, none or X,Y in metres (|X|, |Y| <= "
                             "10000000), e.g. --origin 146000,486000");
    options.origin = Vec2{x, y};
  }
  std::string maps;
  for (const Wanted& w : wanted)
    maps += std::string(maps.empty() ? "" : ", ") + plan::role_name(w.role) + "=" + w.spec;
  options.source_text = reader.driver() + " layers: " + maps +
                        (a.units != "m" ? "; plan units " + a.units : std::string()) +
                        (to_crs.empty() ? std::string() : "; reprojected to " + to_crs);

  plan::ImportResult result = plan::plan_to_venue(layers, options);
  for (const std::string& w : warnings)
    std::cerr << a.plan << ": warning: " << w << '\n';
  for (const std::string& w : result.warnings)
    std::cerr << a.plan << ": warning: " << w << '\n';
  if (!result.problems.empty()) throw ScenarioError(std::move(result.problems));

  // Check the venue as `stroom validate` does, on a file beside the output.
  const fs::path out(a.out);
  std::error_code ec;
  if (!out.parent_path().empty() && !fs::is_directory(out.parent_path(), ec))
    refuse(a.out,
           "cannot write the venue: folder '" + out.parent_path().string() + "' does not exist");
  const fs::path tmp = out.string() + ".import-tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    file << result.yaml;
    if (!file.flush()) refuse(a.out, "cannot write the venue file");
  }
  std::vector<Diagnostic> problems;
  std::optional<Venue> venue;
  try {
    ScenarioDraft draft = read_venue_include_draft(tmp.string());
    problems = scenario_problems(draft);
    if (problems.empty()) venue.emplace(draft.scenario.venue);
  } catch (const ScenarioError& e) {
    problems = e.diagnostics();
  }
  if (!problems.empty()) {
    fs::remove(tmp, ec);
    for (Diagnostic& d : problems) {
      const plan::ElementSource* s = plan::source_at(result, d.where.line);
      std::string prefix = "the venue: ";
      if (s != nullptr)
        prefix = s->where() + ": " +
                 (d.message.find(s->element) == std::string::npos ? s->element + ": " : "");
      d.message = prefix + d.message;
      d.where = {a.plan, 0, 0};
    }
    std::cerr << a.plan << ": the venue imported does not pass `stroom validate`; "
              << "nothing written\n";
    throw ScenarioError(std::move(problems));
  }
  fs::rename(tmp, out, ec);
  if (ec) {
    fs::remove(tmp, ec);
    refuse(a.out, "cannot write the venue file");
  }

  double width = 0.0;
  for (const ExitDesc& e : venue->desc().exits)
    width += e.line.length();
  std::printf(
      "wrote %s: walkable area %.1f m² (%d polygon%s, %d obstacle%s), %d exit%s (%.2f m "
      "wide in total), %d door%s, %d zone%s, %d waypoint%s, %d line%s\n",
      a.out.c_str(), venue->area(), result.walkable, result.walkable == 1 ? "" : "s",
      result.obstacles, result.obstacles == 1 ? "" : "s", result.exits,
      result.exits == 1 ? "" : "s", width, result.doors, result.doors == 1 ? "" : "s", result.zones,
      result.zones == 1 ? "" : "s", result.waypoints, result.waypoints == 1 ? "" : "s",
      result.lines, result.lines == 1 ? "" : "s");
  if (result.origin)
    std::printf("origin: (%.3f, %.3f)%s%s: venue coordinates are local to it\n", result.origin->x,
                result.origin->y, result.origin->crs.empty() ? "" : " in ",
                result.origin->crs.c_str());
  if (result.removed_vertices > 0)
    std::printf("cleaned: %d duplicate, collinear or spike vertices removed\n",
                result.removed_vertices);
  std::printf("ok: the venue passes `stroom validate`\n");
  return kExitOk;
}

}  // namespace

std::function<int()> add_import(CLI::App& app) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Write a venue file from a site plan (DXF, GeoJSON, GeoPackage, shapefile)");
  cmd->add_option("PLAN", a->plan, "Site plan: any vector file GDAL reads")->required();
  cmd->add_option("--map", a->maps,
                  "ROLE=LAYER: the layer whose features become ROLE (walkable, obstacle, exit, "
                  "door, zone, line, waypoint); repeatable");
  cmd->add_option("--out", a->out, "Venue file to write (.yaml)");
  cmd->add_flag("--list", a->list, "Print the layers and their feature counts, write nothing");
  cmd->add_option("--name-field", a->name_field,
                  "Attribute holding element names (default: name, naam or label)");
  cmd->add_option("--units", a->units, "Plan units: m (default), cm or mm");
  cmd->add_option("--origin", a->origin,
                  "auto (default: shift plans farther than 10 km out), none, or X,Y in metres");
  cmd->add_option("--crs", a->crs,
                  "CRS of the venue, e.g. EPSG:28992; a plan in another stated CRS is "
                  "reprojected; none: metres as they stand, no CRS");
  cmd->add_option("--setting", a->setting,
                  "venue.setting to write: building, tent or open-air (decides the norms of "
                  "stroom capacity; default: not written, a building)");
  cmd->add_option("--arc-tolerance", a->arc_tolerance,
                  "m: flattened arcs stay this close to the true curve (default 0.01)");
  cmd->add_option("--snap", a->snap,
                  "m: move exit ends this close to the walkable boundary onto it (default 0)");
  cmd->add_option("--min-area", a->min_area,
                  "m²: polygons smaller than this are slivers, left out (default 0.01)");
  return [a] { return run_import(*a); };
}

}  // namespace stroom::cli
