#include "stroom/report.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "step_builder.hpp"

namespace stroom {
namespace {

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

SampleRun sample_run() {
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
                             "<h2>Scenario</h2>",
                             "<h2>Venue</h2>",
                             "Where it gets crowded",
                             "Time spent above 2, 4 and 6",
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
  EXPECT_EQ(images, 2);
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

}  // namespace
}  // namespace stroom
