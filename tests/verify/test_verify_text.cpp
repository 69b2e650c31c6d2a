// verification.html and the console lines of `stroom verify` in English and Dutch.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "../lang_scan.hpp"
#include "stroom/html_text.hpp"
#include "stroom/lang.hpp"
#include "suite.hpp"

namespace stroom::verify {
namespace {

/// Two models, passed, failed and documentation tests, the fundamental diagram and the
/// bottleneck points: every part of the page.
SuiteResult sample() {
  SuiteResult r;
  r.models = {"collision-free-speed", "social-force"};
  r.simulations = 42;
  r.wall_seconds = 61.5;
  r.quick = true;
  r.tests = {
      {"rimea-01-corridor", "collision-free-speed", Phrase("{0} s", {num(27.5, 2)}),
       Phrase("{0}-{1} s", {num(26.0, 1), num(34.0, 1)}), true, false,
       Phrase::verbatim("RiMEA 3.0 test 1")},
      {"rimea-08-parameter-study", "collision-free-speed",
       Phrase::join({Phrase("{0} m/s: {1} s", {num(1.0, 2), num(40.1, 1)}),
                     Phrase("{0} m/s: {1} s", {num(1.5, 2), num(28.0, 1)})},
                    ", "),
       "all complete; time falls with speed", true, true,
       Phrase("{0} (documentation)", {name("RiMEA 3.0 test 8")})},
      {"validation-bottleneck-flow b = 1.0 m", "social-force",
       Phrase("J {0} P/s, J/b {1} P/(m s)", {num(2.51, 2), num(2.51, 2)}),
       Phrase("J/b {0}-{1} P/(m s)", {num(1.2, 1), num(2.0, 1)}), false, false,
       Phrase::verbatim("Seyfried et al. 2009")},
      {"juelich-2006-bottleneck b = 1.0 m", "collision-free-speed",
       Phrase("J {0} P/s (mean of {1} runs), {2} % against the experiment",
              {num(1.78, 2), whole(3), num(-3.0, 0)}),
       Phrase("J {0} P/s +- {1} %", {num(1.83, 2), whole(10)}), true, false,
       Phrase::verbatim("Seyfried et al. 2009; Liddle et al. 2011")},
      {"zhang-2011-corridor 2.0 P/m2", "social-force",
       Phrase("rho {0} P/m2, v {1} m/s", {num(1.96, 2), num(1.2, 2)}),
       Phrase("v {0} +- 0.25 m/s (mean of {1} measured points within {2} P/m2)",
              {num(0.83, 2), whole(71), num(0.25, 2)}),
       false, false, Phrase::verbatim("Zhang et al. 2011 (corridor UO 1.8 m)")},
      {"nist-5.1-congestion", "social-force",
       Phrase("density before the exit {0} P/m2", {num(std::nan(""), 2)}),
       Phrase("> {0} P/m2 (Fruin level E/F)", {num(1.1, 1)}), false, false,
       Phrase::verbatim("NIST TN 1822 Verif.5.1; Fruin 1971")},
      {"zhang-2011-t-junction speed", "social-force",
       Phrase("v {0} m/s in the stem (mean of {1} runs)", {num(1.29, 2), whole(3)}),
       Phrase("v {0} +- {1} m/s (measured)", {num(1.30, 2), num(0.25, 2)}), false, false,
       Phrase::verbatim("Zhang et al. 2011 (T-junction KO_240_050_240)")},
  };
  r.diagram = {{"collision-free-speed", 1.0, 1.02, 1.05, 1.07, 1.04, true, true},
               {"social-force", 2.0, 1.98, 0.70, 1.39, 0.62, true, true}};
  r.bottleneck = {{"collision-free-speed", 1.0, 1.45, 1.45, 0.0, true},
                  {"social-force", 1.0, 2.51, 2.51, 0.0, false}};
  r.juelich = {{"collision-free-speed", 1.0, 1.78, 1.78, 1.832, true},
               {"social-force", 1.0, 2.36, 2.36, 1.832, false}};
  r.corridor_data = {{0.54, 1.446}, {1.93, 0.85}};
  r.junction = {{"measured", 0.72, 1.30, 0.95, 1, true},
                {"collision-free-speed", 0.88, 1.17, 1.00, 3, true}};
  r.junction_data = {{0.6, 1.35}, {0.8, 1.25}};
  return r;
}

TEST(VerifyText, EnglishPageAndLinesAsBefore) {
  const SuiteResult r = sample();
  const std::string html = render_html(r);
  for (const char* needle :
       {"<html lang=\"en\">", "<title>Stroom verification and validation</title>",
        "<p>42 simulations, quick set, models: collision-free-speed, social-force. Every "
        "measured value comes from a simulation of a scenario in "
        "<code>scenarios/verification/</code>; sources and windows are in "
        "<code>docs/validation.md</code>.</p>",
        "<h2>collision-free-speed: 3 of 3 passed</h2>",
        "<table><tr><th>test</th><th>measured</th><th>expected</th><th>result</th>"
        "<th>source</th></tr>",
        "PASS <span class=\"doc\">(doc)</span>", "<td class=\"fail\">FAIL</td>",
        "Acceptance |v − v<sub>ref</sub>| ≤ 0.25 m/s, v<sub>ref</sub> the mean speed of the "
        "measured points within 0.25 P/m² of the ring's density",
        "the band, 1.20–2.25 P/(m·s), runs from the handbooks' design capacity",
        "experiments 1.20-2.25 (Seyfried 2009)", "Fundamental diagram: speed vs density",
        "measured (Zhang 2011)", "Bottleneck: flow vs width, Jülich/Wuppertal 2006 series",
        "within 10 % at each width, and a mean absolute difference over the widths of at most "
        "0.5 P/s (JuPedSim's criterion)",
        "T-junction: speed vs density in the stem, Zhang et al. 2011", "measured, every 0.5 s"})
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  EXPECT_EQ(result_line(r.tests[0], false),
            "PASS rimea-01-corridor  [collision-free-speed]  measured: 27.50 s  expected: "
            "26.0-34.0 s");
  EXPECT_EQ(result_line(r.tests[1], false),
            "PASS rimea-08-parameter-study  [collision-free-speed]  measured: 1.00 m/s: 40.1 s, "
            "1.50 m/s: 28.0 s  expected: all complete; time falls with speed  (documentation)");
  EXPECT_EQ(result_line(r.tests[2], true).substr(0, 6), "XFAIL ");
  EXPECT_EQ(summary_line(r, "collision-free-speed", true, "out/verification.html"),
            "3 of 7 passed (42 simulations, 61 s); collision-free-speed: all passed; report: "
            "out/verification.html");
  EXPECT_EQ(summary_line(r, "social-force", false, "v.html"),
            "3 of 7 passed (42 simulations, 61 s); social-force: FAILED; report: v.html");
}

TEST(VerifyText, DutchPageAndLinesHaveNoEnglishLeft) {
  const SuiteResult r = sample();
  const std::string json = render_json(r);
  clear_untranslated();
  std::string html, lines, json_nl;
  {
    const LanguageScope nl(Lang::nl);
    html = render_html(r);
    SuiteResult full = r;
    full.quick = false;
    html += render_html(full);
    for (const TestResult& t : r.tests)
      lines += result_line(t, false) + "\n";
    lines += summary_line(r, "collision-free-speed", true, "uit/verification.html") + "\n";
    lines += summary_line(r, "social-force", false, "uit/verification.html") + "\n";
    json_nl = render_json(r);
  }
  EXPECT_TRUE(untranslated().empty()) << untranslated().front();
  // Every cell is in Dutch, the measured, expected and source cells included.
  for (const std::string& piece : stroom_test::english_left(html, report::escape))
    ADD_FAILURE() << "English left in verification.html: " << piece;
  for (const std::string& piece : stroom_test::english_left(lines))
    ADD_FAILURE() << "English left in the console lines: " << piece;
  for (const char* needle :
       {"<html lang=\"nl\">",
        "Verificatie en validatie van Stroom",
        "<h2>collision-free-speed: 3 van 3 voldoen</h2>",
        "<th>gemeten</th>",
        "<td class=\"fail\">VOLDOET NIET</td>",
        "v = 1,34·[1 − exp(−1,913·(1/ρ − 1/5,4))]",
        "<td>1,00 m/s: 40,1 s, 1,50 m/s: 28,0 s</td>",
        "<td>RiMEA 3.0 test 8 (documentatie)</td>",
        "<td>dichtheid voor de uitgang n.b. P/m2</td>",
        "<td>&gt; 1,1 P/m2 (Fruin-niveau E/F)</td>",
        "de band, 1,20–2,25 P/(m·s), loopt van de ontwerpcapaciteit",
        ">0,5</text>",
        "beperkte set",
        "volledige set",
        "<td>J 1,78 P/s (gemiddelde van 3 berekeningen), -3 % t.o.v. het experiment</td>",
        "<td>v 0,83 ± 0,25 m/s (gemiddelde van 71 gemeten punten binnen 0,25 P/m2)</td>",
        "gemeten (Zhang 2011)",
        "Jülich/Wuppertal-reeks 2006",
        "T-splitsing: snelheid tegen dichtheid in de stam, Zhang e.a. 2011",
        "<td>v 1,29 m/s in de stam (gemiddelde van 3 berekeningen)</td>"})
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  for (const char* needle : {"VOLDOET rimea-01-corridor  [collision-free-speed]  gemeten: 27,50 s  "
                             "verwacht: 26,0-34,0 s",
                             "(documentatie)",
                             "3 van 7 voldoen (42 simulaties, 61 s); collision-free-speed: alles "
                             "voldoet; rapport: uit/verification.html",
                             "social-force: VOLDOET NIET"})
    EXPECT_NE(lines.find(needle), std::string::npos) << needle << "\n" << lines;
  // verification.json is the same in every language, in English notation.
  EXPECT_EQ(json, json_nl);
  for (const char* needle : {"\"measured\": \"27.50 s\"", "\"expected\": \"26.0-34.0 s\"",
                             "\"measured\": \"density before the exit n/a P/m2\"",
                             "\"source\": \"RiMEA 3.0 test 8 (documentation)\""})
    EXPECT_NE(json.find(needle), std::string::npos) << needle;
}

}  // namespace
}  // namespace stroom::verify
