// Aggregation on synthetic runs: statistics against hand-computed values, the convergence
// rule, pass rates, missing runs, and the exact batch.csv text. Summaries are written by the
// real summary.json writer, so reader and writer cannot drift apart.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "../lang_scan.hpp"
#include "stroom/batch.hpp"
#include "stroom/html_text.hpp"
#include "stroom/io/summary_json.hpp"
#include "stroom/lang.hpp"

namespace stroom::batch {
namespace {

TEST(Stats, MeanSdAndType7Percentiles) {
  const Stats s = describe({4.0, 1.0, 3.0, 2.0, 10.0});
  EXPECT_EQ(s.n, 5u);
  EXPECT_DOUBLE_EQ(s.mean, 4.0);
  // squares: 9 + 4 + 1 + 0 + 36 = 50 → 50 / 4 = 12.5
  EXPECT_DOUBLE_EQ(s.sd, std::sqrt(12.5));
  EXPECT_DOUBLE_EQ(s.min, 1.0);
  EXPECT_DOUBLE_EQ(s.p50, 3.0);
  EXPECT_DOUBLE_EQ(s.q1, 2.0);
  EXPECT_DOUBLE_EQ(s.q3, 4.0);
  // rank 0.95 · 4 = 3.8 → 4 + 0.8 · (10 − 4)
  EXPECT_DOUBLE_EQ(s.p95, 8.8);
  EXPECT_DOUBLE_EQ(s.max, 10.0);
  const Stats one = describe({7.0});
  EXPECT_EQ(one.sd, 0.0);
  EXPECT_EQ(one.p95, 7.0);
  EXPECT_EQ(describe({}).n, 0u);
}

TEST(Convergence, ConstantValuesConvergeAfterWindowPlusTwo) {
  const std::vector<double> v(30, 100.0);
  EXPECT_EQ(converged_after(v, 0.01, 5), 7u);  // changes judged from run 3 on
  EXPECT_EQ(converged_after(v, 0.01, 1), 3u);
  EXPECT_FALSE(converged_after(std::vector<double>(6, 100.0), 0.01, 5));
}

TEST(Convergence, ScatteredValuesNeedMoreRunsAndTighterToleranceMore) {
  // A deterministic scatter: 100 ± up to 20.
  std::vector<double> v;
  for (int i = 0; i < 400; ++i)
    v.push_back(100.0 + 20.0 * std::sin(i * 2.399));
  const auto loose = converged_after(v, 0.05, 5);
  const auto tight = converged_after(v, 0.005, 10);
  ASSERT_TRUE(loose);
  ASSERT_TRUE(tight);
  EXPECT_LT(*loose, *tight);
  // Where it converged, the last `window` changes were indeed within the tolerance.
  const auto running = [&](std::size_t k) {
    double m = 0;
    for (std::size_t i = 0; i < k; ++i)
      m += v[i];
    m /= static_cast<double>(k);
    double q = 0;
    for (std::size_t i = 0; i < k; ++i)
      q += (v[i] - m) * (v[i] - m);
    return std::pair{m, std::sqrt(q / static_cast<double>(k - 1))};
  };
  for (std::size_t k = *tight - 9; k <= *tight; ++k) {
    const auto [m1, s1] = running(k);
    const auto [m0, s0] = running(k - 1);
    EXPECT_LE(std::abs(m1 - m0) / m1, 0.005 + 1e-12) << k;
    EXPECT_LE(std::abs(s1 - s0) / s1, 0.005 + 1e-12) << k;
  }
  // An alternating figure never settles its sd within 0.1 %.
  std::vector<double> alternating;
  for (int i = 0; i < 50; ++i)
    alternating.push_back(i % 2 ? 10.0 : 1000.0);
  EXPECT_FALSE(converged_after(alternating, 0.001, 5));
}

std::string summary_text(std::uint64_t seed, std::optional<double> evac, double density,
                         bool pass_time, bool completed = true) {
  Summary s;
  s.seed = seed;
  s.completed = completed;
  s.agents.exited = 100;
  s.evacuation.evacuation_time = evac;
  s.density.peak = density;
  s.travel_time.p95 = evac ? std::optional<double>(*evac - 5) : std::nullopt;
  s.exits["door"] = ExitFigures{100, 1.0, evac, 1.25 + 0.25 * static_cast<double>(seed), 1.0};
  s.criteria.push_back({"max_evacuation_time", 120, evac, pass_time, ""});
  s.criteria.push_back({"max_density", 5, density, density <= 5.0, ""});
  return io::summary_json_text(s);
}

Sweep two_variants() {
  return parse_sweep(
      "stroom-batch: 1\nscenario: r.yaml\nseeds: 3\n"
      "until: {figure: evacuation.evacuation_time, tolerance: 0.5, window: 1, max: 3}\n"
      "variants: [{name: wide}, {name: narrow, set: {venue.exits.0.line.1.1: 5.2}}]\n",
      "s.yaml");
}

TEST(Records, ReadBackFromTheSummaryWriter) {
  const RunRecord r = parse_run_record(summary_text(2, 80.5, 3.25, true), "exits.door.peak_flow");
  EXPECT_EQ(r.seed, 2u);
  EXPECT_TRUE(r.completed);
  EXPECT_EQ(r.evacuation_time, 80.5);
  EXPECT_EQ(r.peak_density, 3.25);
  EXPECT_EQ(r.travel_time_p95, 75.5);
  EXPECT_EQ(r.exited, 100);
  ASSERT_EQ(r.criteria.size(), 2u);
  EXPECT_EQ(r.criteria[0].first, "max_evacuation_time");
  EXPECT_EQ(r.exit_count.at("door"), 100);
  EXPECT_EQ(r.until_figure, 1.75);
  EXPECT_FALSE(
      parse_run_record(summary_text(2, std::nullopt, 1, false), "evacuation.evacuation_time")
          .until_figure);
  EXPECT_THROW(parse_run_record("{\"a\": 1}"), std::exception);
  EXPECT_THROW(parse_run_record("{\"seed\": 1, "), std::exception);
}

BatchResult example() {
  const Sweep sweep = two_variants();
  std::vector<RunRecord> records;
  const auto add = [&](const std::string& variant, const std::string& text) {
    RunRecord r = parse_run_record(text, "evacuation.evacuation_time");
    r.variant = variant;
    records.push_back(r);
  };
  // Given out of order on purpose: the result is sorted.
  add("narrow", summary_text(2, 150.0, 5.5, false));
  add("wide", summary_text(3, 90.0, 2.0, true));
  add("wide", summary_text(1, 70.0, 2.5, true));
  add("narrow", summary_text(1, 110.0, 4.0, true));
  add("wide", summary_text(2, 80.0, 3.0, true));
  add("narrow", summary_text(3, std::nullopt, 6.0, false, false));  // interrupted
  return aggregate(sweep, run_list(sweep, 3), records);
}

TEST(Aggregate, PerVariantStatisticsPassRatesAndMissingRuns) {
  const BatchResult r = example();
  ASSERT_EQ(r.variants.size(), 2u);
  const VariantResult& wide = r.variants[0];
  EXPECT_EQ(wide.completed, 3u);
  EXPECT_DOUBLE_EQ(wide.evacuation_time.mean, 80.0);
  EXPECT_DOUBLE_EQ(wide.evacuation_time.sd, 10.0);
  EXPECT_DOUBLE_EQ(wide.evacuation_time.p95, 89.0);
  EXPECT_DOUBLE_EQ(wide.peak_density.max, 3.0);
  EXPECT_EQ(wide.all_passed, 3u);
  EXPECT_DOUBLE_EQ(wide.exit_peak_flow.at("door").mean, 1.75);
  const VariantResult& narrow = r.variants[1];
  EXPECT_EQ(narrow.found, 3u);
  EXPECT_EQ(narrow.completed, 2u);  // the interrupted run is not a figure
  EXPECT_DOUBLE_EQ(narrow.evacuation_time.mean, 130.0);
  ASSERT_EQ(narrow.criteria.size(), 2u);
  EXPECT_EQ(narrow.criteria[0].name, "max_evacuation_time");
  EXPECT_EQ(narrow.criteria[0].passed, 1u);
  EXPECT_EQ(narrow.criteria[0].runs, 2u);
  EXPECT_DOUBLE_EQ(narrow.criteria[1].rate(), 0.5);
  EXPECT_EQ(narrow.all_passed, 1u);
  ASSERT_EQ(r.missing.size(), 1u);
  EXPECT_EQ(r.missing[0], "runs/narrow/3");
  EXPECT_FALSE(r.all_passed());
  ASSERT_TRUE(wide.convergence);
  EXPECT_EQ(wide.convergence->values, 3u);
}

TEST(Aggregate, CsvTextIsExactAndOrdered) {
  EXPECT_EQ(batch_csv(example()),
            "variant,seed,completed,evacuation_time,peak_density,travel_time_p95,exited,"
            "pass_max_evacuation_time,pass_max_density\n"
            "wide,1,1,70,2.5,65,100,1,1\n"
            "wide,2,1,80,3,75,100,1,1\n"
            "wide,3,1,90,2,85,100,1,1\n"
            "narrow,1,1,110,4,105,100,1,1\n"
            "narrow,2,1,150,5.5,145,100,0,0\n"
            "narrow,3,0,,6,,100,0,0\n");
}

TEST(Aggregate, AllPassedOnlyWhenCompleteAndPassing) {
  const Sweep sweep = parse_sweep("stroom-batch: 1\nscenario: r.yaml\nseeds: 2\n", "s.yaml");
  std::vector<RunRecord> records;
  for (std::uint64_t seed : {1u, 2u}) {
    records.push_back(parse_run_record(summary_text(seed, 60.0, 2.0, true)));
    records.back().variant = "base";
  }
  EXPECT_TRUE(aggregate(sweep, run_list(sweep, 2), records).all_passed());
  EXPECT_FALSE(aggregate(sweep, run_list(sweep, 3), records).all_passed());  // seed 3 missing
}

TEST(Aggregate, JsonAndHtmlCarryTheFigures) {
  const BatchResult r = example();
  const auto doc = nlohmann::json::parse(batch_json(r));
  EXPECT_EQ(doc["variants"][0]["name"], "wide");
  EXPECT_DOUBLE_EQ(doc["variants"][0]["evacuation_time"]["mean"].get<double>(), 80.0);
  EXPECT_DOUBLE_EQ(doc["variants"][1]["criteria"][1]["pass_rate"].get<double>(), 0.5);
  EXPECT_EQ(doc["missing"].size(), 1u);
  EXPECT_EQ(doc["all_passed"], false);
  const std::string html = batch_html(r);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("50 % (1/2)"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // self-contained
}

TEST(Aggregate, HtmlShowsTheLimitsAndWarnsOfTooFewSeeds) {
  const BatchResult r = example();
  EXPECT_EQ(r.criterion_limits.at("max_evacuation_time"), 120.0);
  EXPECT_EQ(r.criterion_limits.at("max_density"), 5.0);
  const std::string html = batch_html(r);
  // The limit column of the pass-rate table and the dashed limit line on the box plots.
  EXPECT_NE(html.find("<th>limit</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>max_evacuation_time</td><td>120.00</td>"), std::string::npos);
  EXPECT_NE(html.find("limit max_evacuation_time = 120.0 s"), std::string::npos);
  EXPECT_NE(html.find("limit max_density = 5.00 P/m²"), std::string::npos);
  // The example's rule (tolerance 0.5, window 1) needs at least window + 2 = 3 runs: "wide"
  // (70, 80, 90 s: mean 75 → 80, sd 7.07 → 10, both within 50 %) converges after 3 runs;
  // "narrow" has 2 runs with a value (one was interrupted) and is warned of.
  EXPECT_NE(html.find("Too few seeds"), std::string::npos);
  EXPECT_NE(html.find("narrow (2 runs with a value)"), std::string::npos);
  EXPECT_EQ(html.find("wide (3 runs with a value)"), std::string::npos);
}

TEST(Aggregate, ConsoleSummaryInEnglish) {
  // The lines `stroom batch` has always printed (printf "%-20s %6zu %10.1f %10.1f %10.2f
  // %7zu/%-4zu"): narrow's peak density P95 over its completed runs 4.0 and 5.5 is
  // 4.0 + 0.95 × 1.5 = 5.425.
  EXPECT_EQ(batch_text(example(), "out/batch.html"),
            "variant                runs  evac mean   evac P95  peak dens   all passed\n"
            "wide                      3       80.0       89.0       2.95       3/3   \n"
            "                     converged after 3 runs\n"
            "narrow                    2      130.0      148.0       5.42       1/2   \n"
            "                     not converged (2 runs with a value)\n"
            "1 runs missing or incomplete (e.g. runs/narrow/3)\n"
            "results: out/batch.html\n");
}

TEST(Aggregate, DutchPageAndSummaryHaveNoEnglishLeft) {
  // The example has every part of the page: `until` and convergence, a missing run, a warning
  // of too few seeds, criterion limits; and a variant without values.
  BatchResult r = example();
  BatchResult no_until = example();
  no_until.until.reset();
  for (VariantResult& v : no_until.variants)
    v.convergence.reset();
  no_until.variants[1].evacuation_time = Stats{};
  no_until.criteria.clear();
  clear_untranslated();
  std::string html, text;
  {
    const LanguageScope nl(Lang::nl);
    html = batch_html(r) + batch_html(no_until);
    text = batch_text(r, "uit/batch.html") + batch_text(no_until, "uit/batch.html");
  }
  EXPECT_TRUE(untranslated().empty()) << untranslated().front();
  for (const std::string& piece : stroom_test::english_left(html, report::escape))
    ADD_FAILURE() << "English left in batch.html: " << piece;
  for (const std::string& piece : stroom_test::english_left(text))
    ADD_FAILURE() << "English left in the summary: " << piece;
  for (const char* needle :
       {"<html lang='nl'>", "Resultaten van de reeks berekeningen", "Te weinig seeds.",
        "Ontruimingstijd (s)", "grens max_evacuation_time = 120,0 s", "<td>120,00</td>",
        "50 % (1/2)", "geconvergeerd na 3 berekeningen", "het scenario stelt geen criteria"})
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  EXPECT_EQ(html.find("120.0 s"), std::string::npos);
  for (const char* needle :
       {"ontruiming gem.", "      80,0", "geconvergeerd na 3 berekeningen",
        "niet geconvergeerd (2 berekeningen met een waarde)", "resultaten: uit/batch.html"})
    EXPECT_NE(text.find(needle), std::string::npos) << needle << "\n" << text;
}
}  // namespace
}  // namespace stroom::batch
