#include "stroom/report.hpp"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cmath>

#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../../lang_scan.hpp"
#include "report/suite_status.hpp"
#include "step_builder.hpp"
#include "stroom/html_text.hpp"
#include "stroom/lang.hpp"
#include "stroom/profiles.hpp"

namespace stroom {
namespace {

using test::journey_step;

using test::StepBuilder;

std::vector<std::uint8_t> base64_decode(const std::string& text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<std::uint8_t> out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const auto v = alphabet.find(c);
    if (v == std::string::npos) ADD_FAILURE() << "not base64: " << c;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

bool is_png(const std::vector<std::uint8_t>& b) {
  const std::uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  return b.size() > 24 && std::equal(sig, sig + 8, b.begin());
}

std::uint32_t be32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}

struct SampleRun {
  Scenario scenario;
  std::vector<PolygonWithHoles> walkable;
  std::unique_ptr<Measurement> measurement;
  Summary summary;
};

/// `each_step` sets what the simulation would report in each view (element states).
SampleRun sample_run(const std::function<void(Scenario&)>& change = {},
                     const std::function<void(StepBuilder&)>& each_step = {}) {
  SampleRun r;
  Scenario& sc = r.scenario;
  sc = test::rectangle_scenario(20.0, 6.0);
  sc.name = "Plaza <east> & gate";
  sc.seed = 42;
  sc.venue.obstacles.push_back({"stage", test::rectangle(8, 2, 10, 4), {}});
  sc.venue.doors.push_back({"gate-b", {{4, 0}, {4, 1}}, false, {}});
  sc.venue.checkpoints.push_back({"scan", {{2, 0}, {2, 6}}, 2, {}, {}});
  sc.venue.zones.push_back({"field", test::rectangle(12, 0, 20, 6), 10, 3.0, {}});
  sc.venue.waypoints.push_back({"info", {5, 5}, 1.0, {}});
  sc.venue.lines.push_back({"half", {{15, 0}, {15, 6}}, {}});
  sc.criteria.max_density = CriterionLimit{4.0, {}};
  sc.criteria.max_evacuation_time = CriterionLimit{60.0, {}};
  r.walkable = {PolygonWithHoles{test::rectangle(0, 0, 20, 6), {test::rectangle(8, 2, 10, 4)}}};
  if (change) change(sc);
  r.measurement = std::make_unique<Measurement>(sc, r.walkable);
  std::vector<int> queue{3};
  for (int k = 1; k <= 40; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    b.checkpoint_queue = queue;
    const int present = 20 - k / 2;
    for (PersonId i = 1; i <= present; ++i)
      b.add(i, 14.0 + 0.1 * (i % 5), 3.0, 1.0, 0.0);
    if (k % 2 == 0 && present >= 0) {
      const PersonId leaving = present + 1;
      b.exited.push_back(leaving);
      b.crossings.push_back({b.time - 0.1, leaving, CrossingKind::exit, 0, 1});
      b.crossings.push_back({b.time - 0.2, leaving, CrossingKind::line, 0, 1});
    }
    if (each_step) each_step(b);
    r.measurement->observe(b.view());
  }
  r.summary = r.measurement->summarize(true);
  return r;
}

TEST(Base64, EncodesWithPadding) {
  EXPECT_EQ(base64_encode({'M', 'a', 'n'}), "TWFu");
  EXPECT_EQ(base64_encode({'M', 'a'}), "TWE=");
  EXPECT_EQ(base64_encode({'M'}), "TQ==");
  EXPECT_EQ(base64_encode({}), "");
}

TEST(DensityMapPng, HasSignatureAndSize) {
  DensityMap map;
  map.columns = 3;
  map.rows = 2;
  map.values = {0.0, 1.0, 5.0, std::nan(""), 0.2, 2.5};
  const auto png = density_map_png(map, 4);
  ASSERT_TRUE(is_png(png));
  EXPECT_EQ(be32(png, 16), 12u);  // IHDR width
  EXPECT_EQ(be32(png, 20), 8u);   // IHDR height
}

TEST(Report, HasEverySection) {
  const SampleRun r = sample_run();
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary);
  for (const char* needle : {"<!DOCTYPE html>",
                             "<h2>Criteria</h2>",
                             "<h2>Assumptions</h2>",
                             "<h2>Venue</h2>",
                             "Where it gets crowded",
                             "Time above the thresholds",
                             "Seconds each place spent above 4.0 P/m²",
                             "Crowd pressure",
                             "Reviewer's remarks",
                             "Density at the peak",
                             "Highest density per cell",
                             "level of service",
                             "Persons inside the venue",
                             "Flow per exit",
                             "Queue per checkpoint",
                             "Travel time per person",
                             "exit east",
                             "door gate-b (closed)",
                             "checkpoint scan",
                             "zone field",
                             "line half",
                             ">info<",
                             ">stage<",
                             "collision-free-speed",
                             "42"}) {
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  }
  // Names are escaped.
  EXPECT_NE(html.find("Plaza &lt;east&gt; &amp; gate"), std::string::npos);
  EXPECT_EQ(html.find("Plaza <east>"), std::string::npos);
}

TEST(Report, StatesTheOriginOfLocalCoordinates) {
  // venue.origin (docs/scenario-format.md): the assumptions say where (0, 0) lies.
  const SampleRun plain = sample_run();
  EXPECT_EQ(render_report(plain.scenario, plain.walkable, *plain.measurement, plain.summary)
                .find("Coordinates"),
            std::string::npos);
  const SampleRun r = sample_run([](Scenario& sc) {
    sc.venue.origin = VenueOrigin{146000.0, 486000.5, "EPSG:28992", {}};
  });
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary);
  EXPECT_NE(html.find("<tr><th>Coordinates</th><td>local; origin x = 146000.00 m, y = "
                      "486000.50 m in EPSG:28992</td></tr>"),
            std::string::npos);
}

TEST(Report, DrawsTheUnderlayPlanUnderTheVenueMapWhereItLies) {
  // venue.underlay (docs/scenario-format.md): a 4 × 2 pixel plan over the 20 m × 6 m venue,
  // 5 m × 3 m a pixel from the top-left corner (0, 6). The map draws 44 px a metre (880 px
  // over 20 m) from (40, 40): one pixel is 220 × 132 px of the map.
  const SampleRun r = sample_run([](Scenario& sc) {
    VenueUnderlay u;
    u.image = "plans/site.png";
    u.corners = {{0, 0}, {20, 6}};
    u.opacity = 0.65;
    sc.venue.underlay = u;
  });
  UnderlayImage image;
  image.width = 4;
  image.height = 2;
  image.rgba.assign(4 * 2 * 4, 200);
  image.to_venue = {0.0, 5.0, 0.0, 6.0, 0.0, -3.0};
  image.opacity = 0.65;
  ReportInfo info;
  info.underlay = &image;
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary, info);
  const auto at = html.find("<image class=\"underlay\"");
  ASSERT_NE(at, std::string::npos);
  // Under the venue's elements: after the walkable fill, before the first obstacle.
  EXPECT_LT(html.find("class=\"walkable\""), at);
  EXPECT_GT(html.find("class=\"obstacle\"", html.find("Venue map")), at);
  const std::string tag = html.substr(at, html.find("/>", at) - at);
  EXPECT_NE(tag.find("width=\"4\" height=\"2\""), std::string::npos) << tag.substr(0, 400);
  EXPECT_NE(tag.find("opacity=\"0.65\""), std::string::npos);
  EXPECT_NE(tag.find("transform=\"matrix(220.000000 0.000000 0.000000 132.000000 40.000000 "
                     "40.000000)\""),
            std::string::npos)
      << tag.substr(0, 400);
  EXPECT_NE(tag.find("href=\"data:image/png;base64,iVBORw0KGgo"), std::string::npos);
  EXPECT_NE(html.find("the plan site.png at 65 % opacity, placed by the corners the venue gives"),
            std::string::npos);

  // A report rendered without the decoded plan says so instead of drawing nothing silently.
  const std::string bare = render_report(r.scenario, r.walkable, *r.measurement, r.summary);
  EXPECT_EQ(bare.find("<image class=\"underlay\""), std::string::npos);
  EXPECT_NE(bare.find("The venue names the plan site.png as its underlay; it is not drawn here."),
            std::string::npos);
}

TEST(Report, CriteriaTableSaysPassAndFailInWords) {
  const SampleRun r = sample_run();
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary);
  // 20 persons within 0.5 m of each other in one cell: the density limit of 4 fails, the
  // zone capacity of 10 fails, the evacuation passes.
  EXPECT_NE(html.find("<tr class=\"fail\"><td>max_density</td>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"pass\"><td>max_evacuation_time</td>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"fail\"><td>zone:field:capacity</td>"), std::string::npos);
  EXPECT_NE(html.find(">FAIL<"), std::string::npos);
  EXPECT_NE(html.find(">PASS<"), std::string::npos);
  EXPECT_NE(html.find("exceeds the capacity of 10"), std::string::npos);
  EXPECT_NE(html.find("FAIL: at least one criterion is not met"), std::string::npos);
}

TEST(Report, EmbedsDensityMapsAsPngDataUris) {
  const SampleRun r = sample_run();
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary);
  const std::string prefix = "data:image/png;base64,";
  int images = 0;
  for (auto at = html.find(prefix); at != std::string::npos; at = html.find(prefix, at + 1)) {
    const auto start = at + prefix.size();
    const auto end = html.find('"', start);
    ASSERT_NE(end, std::string::npos);
    const auto bytes = base64_decode(html.substr(start, end - start));
    EXPECT_TRUE(is_png(bytes));
    ++images;
  }
  // Highest density, density at the peak, seconds above 2, 3 (the zone's limit) and 4 P/m²,
  // crowd pressure.
  EXPECT_EQ(images, 6);
}

TEST(Report, EncodesItsMapsInParallelToTheSameBytes) {
  // The maps are encoded together at the end, in parallel: on one thread and on three the
  // report is the same, and each image is the PNG that map_png() gives on its own.
  const SampleRun r = sample_run();
  std::string one, three;
  tbb::task_arena(1).execute(
      [&] { one = render_report(r.scenario, r.walkable, *r.measurement, r.summary); });
  tbb::task_arena(3).execute(
      [&] { three = render_report(r.scenario, r.walkable, *r.measurement, r.summary); });
  EXPECT_EQ(one, three);
  std::vector<MapImage> images;
  for (int k = 1; k <= 5; ++k) {
    MapImage image;
    image.map.columns = 3 * k, image.map.rows = 2 + k, image.map.cell = 1.0;
    for (int c = 0; c < image.map.columns * image.map.rows; ++c)
      image.map.values.push_back(c % 7 == 0 ? std::nan("") : 0.5 * (c % 11));
    image.pixels_per_cell = k;
    image.scale.bounds = {1.0, 2.0, 4.0};
    image.scale.colours = {{{10, 20, 30}}, {{40, 50, 60}}, {{70, 80, 90}}, {{100, 110, 120}}};
    images.push_back(image);
  }
  images.push_back(MapImage{});  // an empty map: no bytes
  std::vector<std::vector<std::uint8_t>> together;
  tbb::task_arena(3).execute([&] { together = map_pngs(images); });
  ASSERT_EQ(together.size(), images.size());
  for (std::size_t k = 0; k < images.size(); ++k)
    EXPECT_EQ(together[k], map_png(images[k].map, images[k].pixels_per_cell, images[k].scale)) << k;
  EXPECT_TRUE(together.back().empty());
}

TEST(Report, TextWithControlCharactersKeepsItsImages) {
  // Control characters are not allowed in HTML (and the report marks its images with one while
  // it is written): they become U+FFFD, and the images are all there.
  const SampleRun r = sample_run([](Scenario& sc) {
    sc.name =
        "Plaza \x1f"
        "0\x1f east";
  });
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary);
  EXPECT_EQ(html.find('\x1f'), std::string::npos);
  EXPECT_NE(html.find("Plaza \xEF\xBF\xBD"
                      "0\xEF\xBF\xBD east"),
            std::string::npos);
  const std::string prefix = "data:image/png;base64,";
  int images = 0;
  for (auto at = html.find(prefix); at != std::string::npos; at = html.find(prefix, at + 1)) {
    const auto start = at + prefix.size();
    EXPECT_TRUE(is_png(base64_decode(html.substr(start, html.find('"', start) - start))));
    ++images;
  }
  EXPECT_EQ(images, 6);
  EXPECT_EQ(report::escape(std::string("a\tb\nc\x01") + "d"),
            "a\tb\nc\xEF\xBF\xBD"
            "d");
}

TEST(Report, IsSelfContained) {
  const SampleRun r = sample_run();
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  for (const std::string attr : {"src=\"", "href=\""}) {
    for (auto at = html.find(attr); at != std::string::npos; at = html.find(attr, at + 1)) {
      EXPECT_EQ(html.compare(at + attr.size(), 5, "data:"), 0) << html.substr(at, 40);
    }
  }
}

TEST(Report, SameInputsGiveSameBytes) {
  const SampleRun a = sample_run();
  const SampleRun b = sample_run();
  EXPECT_EQ(render_report(a.scenario, a.walkable, *a.measurement, a.summary),
            render_report(b.scenario, b.walkable, *b.measurement, b.summary));
}

TEST(Report, RendersFromAVenue) {
  SampleRun r = sample_run();
  const Venue venue(r.scenario.venue);
  const std::string html = render_report(r.scenario, venue, *r.measurement, r.summary);
  EXPECT_NE(html.find("<h2>Venue</h2>"), std::string::npos);
  EXPECT_NE(html.find("class=\"walkable\""), std::string::npos);
}

TEST(Sha256, MatchesTheFipsExamples) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(MaxPool, KeepsTheHighestValueOfEachBlock) {
  DensityMap map;
  map.columns = 3;
  map.rows = 2;
  map.cell = 1.0;
  map.values = {0.5, 4.2, 1.0, std::nan(""), 0.0, 6.5};
  const DensityMap pooled = max_pool(map, 2);
  ASSERT_EQ(pooled.columns, 2);
  ASSERT_EQ(pooled.rows, 1);
  EXPECT_EQ(pooled.cell, 2.0);
  EXPECT_EQ(pooled.values[0], 4.2);  // a single cell above 4 survives
  EXPECT_EQ(pooled.values[1], 6.5);
}

TEST(ColourScale, LimitsAreClassBoundaries) {
  ColourScale scale;
  scale.bounds = {1.0, 2.0, 4.0};
  scale.colours = {{1, 1, 1}, {2, 2, 2}, {3, 3, 3}, {4, 4, 4}};
  EXPECT_EQ(scale.class_of(0.0), -1);  // empty
  EXPECT_EQ(scale.class_of(std::nan("")), -1);
  EXPECT_EQ(scale.class_of(0.4), 0);
  EXPECT_EQ(scale.class_of(4.0), 2);  // a value on the limit is not above it
  EXPECT_EQ(scale.class_of(4.01), 3);
}

TEST(Report, StatesTheAssumptionsAReviewerSigns) {
  const SampleRun r = sample_run(
      [](Scenario& sc) {
        PopulationDesc p;
        p.name = "audience";
        p.count = 20;
        p.in.zone = "field";
        p.speed = Distribution::normal_dist(1.34, 0.26, 0.6, 2.0);
        p.journey = {
            journey_step(JourneyStep::Kind::exit, "", std::nullopt, RouteChoice::nearest, {}, {})};
        sc.populations.push_back(p);
        sc.venue.exits.push_back({"west", {{0, 0}, {0, 2}}, {"plaza.yaml", 12, 7}, 1.33});
        EventDesc alarm;
        alarm.at = 20.0;
        alarm.evacuate.premovement = Distribution::lognormal_dist(10.0, 5.0);
        EventDesc close;
        close.at = 10.0;
        close.kind = EventDesc::Kind::close;
        close.target = "east";
        close.where = {"plaza.yaml", 40, 5};
        sc.events = {alarm, close};
      },
      [](StepBuilder& b) {
        // As the simulation reports it: east (exit 0) closed by the event applied in the step
        // that starts at 10 s, so from the view at 10.5 s on.
        b.exit_open = {std::uint8_t(b.time > 10.0 + 1e-9 ? 0 : 1), 1};
        b.door_open = {0};
        b.checkpoint_open = {1};
      });
  const Scenario& sc = r.scenario;
  ReportInfo info;
  info.run_date = "2026-12-05 23:30 UTC";
  info.files = {{"plaza.yaml", sha256_hex("stroom: 1")}};
  info.overrides = {"populations.0.count=20"};
  const std::string html = render_report(sc, r.walkable, *r.measurement, r.summary, info);
  const std::string sha = sha256_hex("stroom: 1");
  for (const char* needle :
       {"<h2>Assumptions</h2>", "audience", "20 placed at t = 0 in zone field",
        "normal, mean 1.34 m/s, sd 0.26 m/s, within 0.60–2.00 m/s", "0.20 m (everyone)",
        "leave by the nearest exit", "lognormal, mean 10 s, sd 5 s",
        "<td>20.0 s</td><td>alarm</td>", "<td>10.0 s</td><td>close east</td>",
        "capped at 1.33 P/(m·s) = 2.66 P/s", "max_flow in plaza.yaml:12", "free (not capped)",
        "open, closed at 10 s", "passes 55 of the 55 tests", "SHA-256 of plaza.yaml", sha.c_str(),
        "populations.0.count=20", "2026-12-05 23:30 UTC", "Reviewer's remarks"}) {
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  }
  // The exit closed at 10 s is drawn closed on the venue map, labelled with the time.
  EXPECT_NE(html.find("class=\"exit closed\""), std::string::npos);
  EXPECT_NE(html.find("exit east (open, closed at 10 s)"), std::string::npos);
  // The alarm and the closure are marked on the time plots, the limit drawn as a line.
  EXPECT_NE(html.find(">alarm</text>"), std::string::npos);
  EXPECT_NE(html.find(">close east</text>"), std::string::npos);
  EXPECT_NE(html.find(">limit max_evacuation_time</text>"), std::string::npos);
  EXPECT_NE(html.find(">cap of exit west</text>"), std::string::npos);
}

TEST(Report, DrawsAMapAtEverySnapshotTimeWithItsDensestCellCircled) {
  // 20 − k/2 persons stand in the cells (14, 3) at t = 0.5 k s; at the snapshot of 5 s the
  // 10 s window holds the samples 0.5 … 5 s: 17 persons on average in the 1 m cell (14, 3).
  const SampleRun plain = sample_run();
  EXPECT_EQ(render_report(plain.scenario, plain.walkable, *plain.measurement, plain.summary)
                .find("Density at t ="),
            std::string::npos);
  const SampleRun r = sample_run([](Scenario& sc) { sc.measure.snapshots = {5.0, 15.0}; });
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary);
  double persons = 0.0;
  for (int k = 1; k <= 10; ++k)
    persons += 20 - k / 2;
  const std::string densest = "Density at t = 5.0 s (densest cell " +
                              std::to_string(persons / 10.0).substr(0, 5) + " P/m² at (14.5, 3.5)";
  EXPECT_NE(html.find(densest), std::string::npos) << densest;
  EXPECT_NE(html.find("Density at t = 15.0 s"), std::string::npos);
}

TEST(Report, StatesTheHeadingRelaxationWhenAScenarioTurnsItOn) {
  const SampleRun plain = sample_run();
  const std::string without =
      render_report(plain.scenario, plain.walkable, *plain.measurement, plain.summary);
  EXPECT_EQ(without.find("heading relaxation"), std::string::npos);
  const SampleRun calm =
      sample_run([](Scenario& sc) { sc.model.collision_free_speed.turn_time = 0.2; }, {});
  const std::string html =
      render_report(calm.scenario, calm.walkable, *calm.measurement, calm.summary);
  EXPECT_NE(html.find("time gap T = 0.35 s, heading relaxation τ = 0.20 s"), std::string::npos);
}

TEST(Report, ListsTheWalkingGroupsOfEveryPopulation) {
  const SampleRun r = sample_run([](Scenario& sc) {
    PopulationDesc families;
    families.name = "families";
    families.count = 12;
    families.in.zone = "field";
    families.groups = GroupsDesc{Distribution::constant_value(3.0), {}};
    PopulationDesc friends = families;
    friends.name = "friends";
    friends.groups = GroupsDesc{Distribution::uniform_dist(2.0, 4.0), {}};
    PopulationDesc staff = families;
    staff.name = "staff";
    staff.groups.reset();
    sc.populations = {families, friends, staff};
    EventDesc alarm;
    alarm.at = 5.0;
    alarm.evacuate.premovement = Distribution::uniform_dist(10.0, 60.0);
    sc.events = {alarm};
  });
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary, {});
  for (const char* needle :
       {"<th>Walking groups</th>", "families: groups of 3",
        "friends: group sizes uniform 2.0–4.0 persons, rounded to whole persons",
        "staff: everyone alone", "Moussaïd et al. 2010",
        "drawn per person (per group for persons walking in groups)"})
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  // Without groups the report says nothing of them.
  const SampleRun plain = sample_run();
  EXPECT_EQ(render_report(plain.scenario, plain.walkable, *plain.measurement, plain.summary, {})
                .find("Walking groups"),
            std::string::npos);
}

/// The profile `name` as the loader makes it from the file (built-in distributions).
ProfileDesc builtin(const char* name, double share) {
  const BuiltinProfile* b = builtin_profile(name);
  return ProfileDesc{name, share, b->speed, b->radius, true, false, false, {}};
}

TEST(Report, ListsTheVisitorProfilesWithTheirDistributionsAndSources) {
  const SampleRun r = sample_run([](Scenario& sc) {
    PopulationDesc visitors;
    visitors.name = "visitors";
    visitors.count = 12;
    visitors.in.zone = "field";
    visitors.profiles = {builtin("adult", 0.7), builtin("older", 0.2), builtin("wheelchair", 0.1)};
    visitors.profiles[1].radius = Distribution::constant_value(0.25);
    visitors.profiles[1].own_radius = true;
    PopulationDesc staff = visitors;
    staff.name = "staff";
    staff.profiles.clear();
    sc.populations = {visitors, staff};
  });
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary, {});
  for (const char* needle :
       {"<h3>Visitor profiles</h3>", "by visitor profile (below)", "<td>adult</td><td>70.0 %</td>",
        "normal, mean 1.34 m/s, sd 0.26 m/s, within 0.60–2.00 m/s", "uniform 0.68–1.41 m/s",
        "0.35 m (everyone)", "Weidmann 1993: mean free walking speed 1.34 m/s",
        "radius given in the scenario; speed: RiMEA 3.0 test 7 (after Weidmann 1993)",
        "Boyce, Shields and Silcock 1999", "ISO 7193"})
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  // The population without profiles keeps its own speed in the populations table.
  EXPECT_NE(html.find("<td>staff</td>"), std::string::npos);
  // Without profiles the report says nothing of them.
  const SampleRun plain = sample_run();
  EXPECT_EQ(render_report(plain.scenario, plain.walkable, *plain.measurement, plain.summary, {})
                .find("Visitor profiles"),
            std::string::npos);
}

TEST(Report, SetsTheHandCalculationBesideTheSimulatedTime) {
  SampleRun r = sample_run();
  r.summary.evacuation.evacuation_time = 130.0;
  CapacityFigures c;
  c.norm = "open-air";
  c.norm_title = "Open-air guidance";
  c.specific_flow = 1.37;
  c.persons = 20;
  c.exit_width = 6.0;
  c.flow_time = 2.4;
  c.walking_distance = 20.0;
  c.walking_time = 15.0;
  c.egress_time = 100.0;
  r.summary.capacity = c;
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary);
  for (const char* needle :
       {"Hand calculation beside the simulation", "open-air: Open-air guidance", "1.37 P/(m·s)",
        "<td>100.0 s</td>", "<td>130.0 s</td>", "+30.0 s (+30 %)", ">hand calculation</text>"})
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  r.summary.capacity.reset();
  EXPECT_EQ(render_report(r.scenario, r.walkable, *r.measurement, r.summary)
                .find("Hand calculation beside the simulation"),
            std::string::npos);
}

TEST(Report, DensityClassesEndAtEveryLimit) {
  const SampleRun r = sample_run();  // max_density 4, zone field max_density 3
  const std::string html = render_report(r.scenario, r.walkable, *r.measurement, r.summary);
  for (const char* band : {"≤ 1.0 P/m²", "2.0–3.0 P/m²", "3.0–4.0 P/m²", "4.0–5.0 P/m²",
                           "5.0–6.0 P/m²", "&gt; 6.0 P/m²"})
    EXPECT_NE(html.find(band), std::string::npos) << band;
  ReportInfo fruin;
  fruin.classes = DensityClasses::fruin_queuing;
  const std::string q = render_report(r.scenario, r.walkable, *r.measurement, r.summary, fruin);
  EXPECT_NE(q.find("3.33–5.00 P/m²"), std::string::npos);
  EXPECT_EQ(q.find("3.0–4.0 P/m²"), std::string::npos);
}

// [SECTION] Dutch

std::set<std::string> placeholders(const std::string& text) {
  std::set<std::string> out;
  for (std::size_t i = 0; i + 2 < text.size(); ++i)
    if (text[i] == '{' && text[i + 2] == '}') out.insert(text.substr(i, 3));
  return out;
}

TEST(Lang, TableIsCompleteForBothLanguages) {
  std::set<std::string> keys;
  for (const Translation& t : translations()) {
    const std::string en = t.en, nl = t.nl;
    EXPECT_FALSE(en.empty());
    EXPECT_FALSE(nl.empty()) << en;
    EXPECT_TRUE(keys.insert(en).second) << "twice in the table: " << en;
    EXPECT_EQ(placeholders(en), placeholders(nl)) << en;
  }
}

TEST(Lang, DecimalCommaOnlyInDutch) {
  EXPECT_EQ(display_number(1234.56, 1), "1234.6");
  {
    const LanguageScope nl(Lang::nl);
    EXPECT_EQ(display_number(1234.56, 1), "1234,6");
    EXPECT_EQ(tr("{0} persons still inside at t = {1} s", {"3", display_number(12.5, 1)}),
              "3 personen nog binnen op t = 12,5 s");
  }
  EXPECT_EQ(current_lang(), Lang::en);
  EXPECT_EQ(tr("{0} persons still inside at t = {1} s", {"3", "12.5"}),
            "3 persons still inside at t = 12.5 s");
}

TEST(Report, DutchReportHasNoEnglishLeft) {
  const SampleRun r = sample_run([](Scenario& sc) {
    PopulationDesc p;
    p.name = "publiek";
    p.groups = GroupsDesc{Distribution::uniform_dist(2.0, 4.0), {}};
    p.profiles = {builtin("adult", 0.5),
                  builtin("older", 0.2),
                  builtin("reduced-mobility", 0.1),
                  builtin("wheelchair", 0.1),
                  builtin("wheelchair", 0.05),
                  ProfileDesc{"kind",
                              0.05,
                              Distribution::uniform_dist(0.6, 1.2),
                              Distribution::constant_value(0.15),
                              false,
                              true,
                              true,
                              {}}};
    p.profiles[4].speed = Distribution::constant_value(0.8);
    p.profiles[4].own_speed = true;
    p.arrive = ArrivalDesc{};
    p.arrive->in.zone = "field";
    p.arrive->rate = {{0.0, 2.0}, {60.0, 0.0}};
    p.arrive->total = 100;
    p.journey = {journey_step(JourneyStep::Kind::to, "info", Distribution::uniform_dist(10, 20),
                              RouteChoice::nearest, {}, {}),
                 journey_step(JourneyStep::Kind::exit, "", std::nullopt, RouteChoice::quickest,
                              {"east"}, {})};
    sc.populations.push_back(p);
    sc.venue.exits[0].max_flow = 1.33;
    EventDesc alarm;
    alarm.at = 5.0;
    alarm.evacuate.premovement = Distribution::exponential_dist(10.0);
    EventDesc close;
    close.at = 8.0;
    close.kind = EventDesc::Kind::close;
    close.target = "gate-b";
    sc.events = {alarm, close};
    sc.criteria.all_out_by = CriterionLimit{30.0, {}};
  });
  ReportInfo info;
  info.run_date = "2026-12-05 23:30 UTC";
  info.files = {{"plein.yaml", sha256_hex("x")}};
  info.overrides = {"seed=3"};
  clear_untranslated();
  std::string html;
  Summary summary;
  {
    const LanguageScope nl(Lang::nl);
    // The criterion notes are written by the measurement, in the language of the run.
    summary = r.measurement->summarize(true);
    // The hand calculation as summary.json holds it (in English, from compute_capacity).
    CapacityFigures capacity;
    capacity.norm = "bbl-110";
    capacity.norm_title =
        "Bbl art. 4.80 (in force since 1 January 2024): 110 persons per metre of clear width per "
        "minute (single door opening less than 135°); floor left within 3.5 min (art. 4.81)";
    capacity.setting = "building";
    capacity.specific_flow = 110.0 / 60.0;
    capacity.persons = 100;
    capacity.exit_width = 2.0;
    capacity.egress_time = 40.0;
    capacity.egress_limit = 210.0;
    capacity.egress_limit_source = "the norm bbl-110";
    summary.capacity = capacity;
    html = render_report(r.scenario, r.walkable, *r.measurement, summary, info);
  }
  EXPECT_NE(html.find("110 personen per meter vrije breedte per minuut"), std::string::npos);
  EXPECT_NE(html.find("210 s (de norm bbl-110)"), std::string::npos);
  // Every text the report asked for is in the table …
  EXPECT_TRUE(untranslated().empty()) << untranslated().front();
  // … and no English text of the table is left in the page.
  for (const std::string& piece :
       stroom_test::english_left(html, [](const std::string& p) { return report::escape(p); }))
    ADD_FAILURE() << "English left: " << piece;
  for (const char* needle : {"<html lang=\"nl\">", "Uitgangspunten", "ontruimingstijd",
                             "VOLDOET NIET", "Opmerkingen van de beoordelaar", "P/m²"})
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  // Decimal commas in the figures: the criterion limit 4.00 P/m² reads 4,00 P/m².
  EXPECT_NE(html.find("4,00 P/m²"), std::string::npos);
  EXPECT_EQ(html.find("4.00 P/m²"), std::string::npos);
}

TEST(Report, RendersARunWithNobody) {
  Scenario sc = test::rectangle_scenario(5.0, 5.0);
  sc.criteria.all_out_by = CriterionLimit{10.0, {}};
  const auto walkable = test::walkable_rectangle(5.0, 5.0);
  Measurement m(sc, walkable);
  const Summary s = m.summarize(false);
  const std::string html = render_report(sc, walkable, m, s);
  EXPECT_NE(html.find("not determined"), std::string::npos);
  EXPECT_NE(html.find("(run did not complete)"), std::string::npos);
}

TEST(Report, SuiteStatusIsTheOneDocsValidationRecords) {
  // The report's "Validation status" and the experimental models' warnings state counts of the
  // full verification suite; docs/validation.md records the last full run
  // (`tools/docs/refresh-tables.py verify-full`). They must say the same.
  std::ifstream in(std::string(STROOM_SOURCE_DIR) + "/docs/validation.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::regex count(R"(([a-z-]+): (\d+) of (\d+) pass)");
  std::map<std::string, std::pair<int, int>> recorded;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), count); it != std::sregex_iterator();
       ++it)
    recorded[(*it)[1]] = {std::stoi((*it)[2]), std::stoi((*it)[3])};
  for (const ModelInfo& m : kModels) {
    SCOPED_TRACE(m.name);
    const report_detail::SuiteStatus* status = report_detail::suite_status(m.type);
    ASSERT_NE(status, nullptr);
    ASSERT_EQ(recorded.count(m.name), 1u);
    EXPECT_EQ(status->passed, recorded[m.name].first);
    EXPECT_EQ(status->total, recorded[m.name].second);
    if (m.experimental != nullptr) {
      const std::string fails = "fails " + std::to_string(status->total - status->passed) +
                                " of the " + std::to_string(status->total) + " tests";
      EXPECT_NE(std::string(m.experimental).find(fails), std::string::npos) << m.experimental;
    }
  }
}

}  // namespace
}  // namespace stroom
