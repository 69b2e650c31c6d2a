// A mutation fuzzer for the scenario loader and validator (everything `stroom validate` does
// with a file). It mutates the shipped scenarios (numbers replaced by extreme values, bytes
// flipped, lines duplicated, dropped, swapped or spliced from another file, YAML anchors and
// aliases, deep nesting) and checks what Stroom promises for any input:
//   - the input is accepted, or refused with ScenarioError; no other exception, no crash;
//   - every diagnostic is one line `FILE:LINE:COLUMN: error: MESSAGE` (line >= 1);
//   - no input takes more than 2 s of CPU time (CPU, not wall time: the figure must not depend
//     on what else the machine runs).
// Modes:
//   fuzz:   stroom_fuzz_scenario --seeds DIR [--seconds S] [--iterations N] [--seed K] --out DIR
//           (the input being tried is kept in OUT/current.yaml, so a crash leaves it behind;
//           each failing input is written to OUT/failure-N.yaml)
//   replay: stroom_fuzz_scenario --replay FILE...   (the regression corpus, tests/fuzz/corpus)
//   write:  stroom_fuzz_scenario --seeds DIR --write N --out DIR   (mutants as files, for
//           tools/fuzz/validate-mutants.py, which runs them through `stroom validate`)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/scenario_loader.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kMaxSeconds = 2.0;

struct Seed {
  fs::path path;
  std::string text;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Seed> collect_seeds(const std::vector<std::string>& dirs) {
  std::vector<Seed> seeds;
  for (const std::string& dir : dirs) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".yaml")
        seeds.push_back({entry.path(), slurp(entry.path())});
    }
  }
  std::sort(seeds.begin(), seeds.end(),
            [](const Seed& a, const Seed& b) { return a.path < b.path; });
  return seeds;
}

// [SECTION] Mutations

const char* const kNumbers[] = {"0",
                                "-0",
                                "-1",
                                "1e-300",
                                "1e-6",
                                "0.001",
                                "1e39",
                                "1e150",
                                "1e300",
                                "-1e300",
                                "9.2e18",
                                "18446744073709551616",
                                "-2147483649",
                                "2147483648",
                                "1e12",
                                "-1e12",
                                "4294967296",
                                ".nan",
                                ".inf",
                                "-.inf",
                                "1e999",
                                "0x7fffffff",
                                "1,5",
                                "NaN",
                                "99999999999999999999999",
                                "3.4e38",
                                "-3.4e38",
                                "1e-320",
                                "7",
                                "0.5",
                                "100000000",
                                "1000001",
                                "5000.1"};

const char* const kSnippets[] = {"&a ",
                                 "*a",
                                 "[",
                                 "]",
                                 "{",
                                 "}",
                                 ":",
                                 ": ",
                                 "- ",
                                 "'",
                                 "\"",
                                 "#",
                                 "~",
                                 "!!binary ",
                                 "<<: *a",
                                 "? ",
                                 "|",
                                 ">",
                                 "\t",
                                 "%YAML 1.2\n",
                                 "---\n",
                                 "...\n",
                                 "null",
                                 "[]",
                                 "{}",
                                 "[[[[[[[[[[[[[[[[",
                                 "&b [*a, *a, *a, *a]",
                                 "\\",
                                 "\xff\xfe",
                                 std::string_view("\0", 1).data()};

bool is_number_char(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == 'e' ||
         c == '+';
}

class Mutator {
 public:
  Mutator(const std::vector<Seed>& seeds, std::uint64_t seed) : seeds_(seeds), rng_(seed) {}

  /// A mutant of seed `index`: 1 to 4 mutations.
  std::string mutate(const std::string& text) {
    std::string s = text;
    const int n = 1 + static_cast<int>(pick(4));
    for (int i = 0; i < n; ++i)
      apply(s);
    return s;
  }
  std::size_t pick(std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

 private:
  std::vector<std::size_t> line_starts(const std::string& s) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < s.size(); ++i)
      if (s[i] == '\n' && i + 1 < s.size()) starts.push_back(i + 1);
    return starts;
  }
  std::string line_at(const std::string& s, std::size_t start) {
    const std::size_t end = s.find('\n', start);
    return s.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
  }

  void apply(std::string& s) {
    if (s.empty()) {
      s = seeds_[pick(seeds_.size())].text;
      return;
    }
    switch (pick(9)) {
      case 0:
      case 1: {  // replace a number by an extreme value
        std::vector<std::size_t> numbers;
        for (std::size_t i = 0; i < s.size(); ++i) {
          if (std::isdigit(static_cast<unsigned char>(s[i])) &&
              (i == 0 || !is_number_char(s[i - 1])))
            numbers.push_back(i);
        }
        if (numbers.empty()) break;
        std::size_t at = numbers[pick(numbers.size())];
        if (at > 0 && s[at - 1] == '-') --at;
        std::size_t end = at + 1;
        while (end < s.size() && is_number_char(s[end]))
          ++end;
        s.replace(at, end - at, kNumbers[pick(std::size(kNumbers))]);
        break;
      }
      case 2: {  // flip, insert or delete bytes
        const std::size_t at = pick(s.size());
        const int what = static_cast<int>(pick(3));
        if (what == 0) s[at] = static_cast<char>(pick(256));
        if (what == 1) s.insert(at, 1, static_cast<char>(pick(256)));
        if (what == 2) s.erase(at, 1 + pick(16));
        break;
      }
      case 3: {  // insert a YAML snippet
        const char* snippet = kSnippets[pick(std::size(kSnippets))];
        s.insert(pick(s.size()), snippet[0] ? snippet : std::string(1, '\0'));
        break;
      }
      case 4: {  // duplicate a line
        const auto starts = line_starts(s);
        const std::size_t at = starts[pick(starts.size())];
        s.insert(at, line_at(s, at));
        break;
      }
      case 5: {  // delete a line
        const auto starts = line_starts(s);
        const std::size_t at = starts[pick(starts.size())];
        s.erase(at, line_at(s, at).size());
        break;
      }
      case 6: {  // swap two lines
        const auto starts = line_starts(s);
        if (starts.size() < 2) break;
        std::size_t a = starts[pick(starts.size())], b = starts[pick(starts.size())];
        if (a > b) std::swap(a, b);
        if (a == b) break;
        const std::string la = line_at(s, a), lb = line_at(s, b);
        if (a + la.size() > b) break;
        s.replace(b, lb.size(), la);
        s.replace(a, la.size(), lb);
        break;
      }
      case 7: {  // splice a line of another seed
        const std::string& other = seeds_[pick(seeds_.size())].text;
        if (other.empty()) break;
        const auto starts = line_starts(other);
        const std::string line = line_at(other, starts[pick(starts.size())]);
        const auto mine = line_starts(s);
        s.insert(mine[pick(mine.size())], line);
        break;
      }
      case 8: {  // anchor a value and refer to it several times (alias expansion)
        const auto starts = line_starts(s);
        const std::size_t at = starts[pick(starts.size())];
        const std::size_t colon = s.find(": ", at);
        if (colon == std::string::npos || colon > s.find('\n', at)) break;
        s.insert(colon + 2, "&z ");
        std::string refs = "[*z";
        for (int k = 0; k < 9; ++k)
          refs += ", *z";
        refs += "]";
        const auto later = line_starts(s);
        const std::size_t where = later[pick(later.size())];
        const std::size_t colon2 = s.find(": ", where);
        if (colon2 != std::string::npos && colon2 < s.find('\n', where) && colon2 > colon + 2) {
          const std::size_t end = s.find('\n', colon2);
          s.replace(colon2 + 2, (end == std::string::npos ? s.size() : end) - colon2 - 2, refs);
        }
        break;
      }
    }
  }

  const std::vector<Seed>& seeds_;
  std::mt19937_64 rng_;
};

// [SECTION] The check

struct Verdict {
  bool ok = true;
  std::string why;
  double seconds = 0.0;
  bool accepted = false;
};

/// What `stroom validate` does with a file: load, geometric checks, the venue's Box2D tree.
std::vector<stroom::Diagnostic> validate(const std::string& text, const std::string& file,
                                         bool from_disk) {
  const stroom::Scenario scenario =
      from_disk ? stroom::load_scenario(file) : stroom::parse_scenario(text, file);
  std::vector<stroom::Diagnostic> problems = stroom::check_geometry(scenario);
  if (!problems.empty()) return problems;
  const stroom::Venue venue(scenario.venue);
  (void)venue.area();
  return {};
}

Verdict check(const std::string& text, const std::string& file, bool from_disk) {
  static const std::regex kForm(R"(^[^\n]+:[0-9]+:[0-9]+: error: [^\n]+$)");
  static const std::regex kFileForm(R"(^[^\n]+: error: cannot read [^\n]+$)");
  Verdict v;
  const std::clock_t start = std::clock();
  std::vector<stroom::Diagnostic> diagnostics;
  try {
    diagnostics = validate(text, file, from_disk);
    v.accepted = diagnostics.empty();
  } catch (const stroom::ScenarioError& e) {
    diagnostics = e.diagnostics();
    if (diagnostics.empty()) v = {false, "ScenarioError without diagnostics"};
  } catch (const std::exception& e) {
    v = {false, std::string("internal error (exit 3 in stroom): ") + e.what()};
  }
  v.seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  for (const stroom::Diagnostic& d : diagnostics) {
    const std::string line = d.format();
    const bool override_line = line.rfind("--set: error: ", 0) == 0;
    if (!override_line && !std::regex_match(line, kForm) && !std::regex_match(line, kFileForm)) {
      v.ok = false;
      v.why = "diagnostic not in the form FILE:LINE:COLUMN: error: MESSAGE: " + line;
      break;
    }
  }
  if (v.ok && v.seconds > kMaxSeconds) {
    v.ok = false;
    v.why = "took " + std::to_string(v.seconds) + " s of CPU time";
  }
  return v;
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

int usage() {
  std::fprintf(stderr,
               "usage: stroom_fuzz_scenario --seeds DIR... [--seconds S] [--iterations N] "
               "[--seed K] --out DIR\n"
               "       stroom_fuzz_scenario --seeds DIR... --write N --out DIR [--seed K]\n"
               "       stroom_fuzz_scenario --replay FILE...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> seed_dirs, replay;
  fs::path out;
  double seconds = 0.0;
  long long iterations = -1, write_count = -1;
  std::uint64_t seed = 1;
  std::vector<std::string>* list = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--seeds") {
      list = &seed_dirs;
    } else if (a == "--replay") {
      list = &replay;
    } else if (a == "--out" && has_value) {
      out = argv[++i], list = nullptr;
    } else if (a == "--seconds" && has_value) {
      seconds = std::stod(argv[++i]), list = nullptr;
    } else if (a == "--iterations" && has_value) {
      iterations = std::stoll(argv[++i]), list = nullptr;
    } else if (a == "--write" && has_value) {
      write_count = std::stoll(argv[++i]), list = nullptr;
    } else if (a == "--seed" && has_value) {
      seed = std::stoull(argv[++i]), list = nullptr;
    } else if (list != nullptr && a.rfind("--", 0) != 0) {
      list->push_back(a);
    } else {
      return usage();
    }
  }

  // Replay: every file of the regression corpus, read from disk like `stroom validate`.
  if (!replay.empty()) {
    int failures = 0;
    for (const std::string& file : replay) {
      const Verdict v = check({}, file, true);
      std::printf("%s: %s (%.3f s)%s%s\n", file.c_str(),
                  v.ok ? (v.accepted ? "accepted" : "refused") : "FAILED", v.seconds,
                  v.ok ? "" : ": ", v.why.c_str());
      failures += v.ok ? 0 : 1;
    }
    return failures == 0 ? 0 : 1;
  }

  if (seed_dirs.empty() || out.empty()) return usage();
  const std::vector<Seed> seeds = collect_seeds(seed_dirs);
  if (seeds.empty()) return usage();
  fs::create_directories(out);
  Mutator mutator(seeds, seed);

  // Write: N mutants as files (next to unmodified copies of every seed, so includes resolve).
  if (write_count >= 0) {
    for (const Seed& s : seeds)
      write_file(out / s.path.filename(), s.text);
    for (long long k = 0; k < write_count; ++k) {
      const Seed& s = seeds[mutator.pick(seeds.size())];
      char name[64];
      std::snprintf(name, sizeof name, "mutant-%06lld-", k);
      write_file(out / (name + s.path.filename().string()), mutator.mutate(s.text));
    }
    std::printf("%lld mutants of %zu seeds written to %s\n", write_count, seeds.size(),
                out.string().c_str());
    return 0;
  }

  // Fuzz: until the time or the iterations are used up.
  const auto start = Clock::now();
  long long done = 0, accepted = 0, failures = 0;
  double slowest = 0.0;
  while (true) {
    if (iterations >= 0 && done >= iterations) break;
    if (iterations < 0 &&
        std::chrono::duration<double>(Clock::now() - start).count() >= std::max(seconds, 1.0))
      break;
    const Seed& s = seeds[mutator.pick(seeds.size())];
    const std::string text = mutator.mutate(s.text);
    // Kept on disk while it runs: if it crashes the process, this is the input to look at.
    write_file(out / "current.yaml", text);
    const Verdict v = check(text, s.path.string(), false);
    ++done;
    accepted += v.accepted ? 1 : 0;
    slowest = std::max(slowest, v.seconds);
    if (!v.ok) {
      ++failures;
      const fs::path keep = out / ("failure-" + std::to_string(done) + ".yaml");
      write_file(keep, "# seed: " + s.path.string() + "\n# why: " + v.why + "\n" + text);
      std::printf("FAILED: %s: %s\n", keep.string().c_str(), v.why.c_str());
    }
  }
  fs::remove(out / "current.yaml");
  std::printf("%lld inputs (%lld accepted), %lld failures, slowest %.3f s, %.1f s\n", done,
              accepted, failures, slowest,
              std::chrono::duration<double>(Clock::now() - start).count());
  return failures == 0 ? 0 : 1;
}
