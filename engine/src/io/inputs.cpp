// Copies of a run's input files: see stroom/io/inputs.hpp.
#include "stroom/io/inputs.hpp"

#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <system_error>

#include "stroom/error.hpp"
#include "stroom/io/summary_json.hpp"

namespace stroom::io {

namespace {

namespace fs = std::filesystem;

// [SECTION] SHA-256 (FIPS 180-4, section 6.2)

constexpr std::array<std::uint32_t, 64> kRound = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) {
  return (x >> n) | (x << (32 - n));
}

void compress(std::array<std::uint32_t, 8>& h, const unsigned char* block) {
  std::array<std::uint32_t, 64> w{};
  for (int t = 0; t < 16; ++t)
    w[t] = (std::uint32_t{block[4 * t]} << 24) | (std::uint32_t{block[4 * t + 1]} << 16) |
           (std::uint32_t{block[4 * t + 2]} << 8) | std::uint32_t{block[4 * t + 3]};
  for (int t = 16; t < 64; ++t) {
    const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (int t = 0; t < 64; ++t) {
    const std::uint32_t big1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const std::uint32_t choose = (e & f) ^ (~e & g);
    const std::uint32_t t1 = k + big1 + choose + kRound[t] + w[t];
    const std::uint32_t big0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    const std::uint32_t t2 = big0 + majority;
    k = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

// [SECTION] Copies

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SimulationError("cannot read " + file.string() + " to copy it into the results");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The deepest folder that contains every one of the (absolute, normal) files.
fs::path common_folder(const std::vector<fs::path>& files) {
  fs::path common = files.front().parent_path();
  for (const fs::path& f : files) {
    while (!common.empty()) {
      const fs::path rel = f.lexically_relative(common);
      if (!rel.empty() && *rel.begin() != "..") break;
      if (common == common.parent_path()) break;
      common = common.parent_path();
    }
  }
  return common;
}

}  // namespace

std::string sha256_hex(const std::string& bytes) {
  std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t whole = n - n % 64;
  for (std::size_t i = 0; i < whole; i += 64)
    compress(h, data + i);
  // Padding: 0x80, zeros, then the length in bits as a 64-bit big-endian number.
  std::array<unsigned char, 128> tail{};
  const std::size_t rest = n - whole;
  for (std::size_t i = 0; i < rest; ++i)
    tail[i] = data[whole + i];
  tail[rest] = 0x80;
  const std::size_t tail_size = rest + 9 <= 64 ? 64 : 128;
  const std::uint64_t bits = static_cast<std::uint64_t>(n) * 8;
  for (int i = 0; i < 8; ++i)
    tail[tail_size - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  for (std::size_t i = 0; i < tail_size; i += 64)
    compress(h, tail.data() + i);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (const std::uint32_t word : h)
    for (int shift = 28; shift >= 0; shift -= 4)
      out.push_back(kHex[(word >> shift) & 0xf]);
  return out;
}

Inputs copy_scenario_inputs(const Scenario& scenario, const fs::path& out,
                            const std::vector<std::string>& overrides) {
  std::vector<std::string> originals{scenario.file};
  originals.insert(originals.end(), scenario.includes.begin(), scenario.includes.end());
  std::vector<fs::path> absolute;
  for (const std::string& f : originals)
    absolute.push_back(fs::absolute(f).lexically_normal());
  const fs::path base = common_folder(absolute);
  // Everything is read before anything is removed or written.
  std::vector<std::string> contents;
  for (const std::string& f : originals)
    contents.push_back(read_file(f));
  // An older run's copy must not be mixed with this one's; but never remove a folder that
  // holds the originals themselves (`--out .` next to a folder named scenario/).
  const fs::path folder = fs::absolute(out / "scenario").lexically_normal();
  bool holds_an_original = false;
  for (const fs::path& f : absolute) {
    const fs::path rel = f.lexically_relative(folder);
    holds_an_original = holds_an_original || (!rel.empty() && *rel.begin() != "..");
  }
  std::error_code ec;
  if (!holds_an_original) fs::remove_all(folder, ec);

  Inputs inputs;
  inputs.overrides = overrides;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    const std::string& bytes = contents[i];
    const fs::path rel = fs::path("scenario") / absolute[i].lexically_relative(base);
    fs::create_directories((out / rel).parent_path(), ec);
    if (ec) throw SimulationError("cannot create " + (out / rel).parent_path().string());
    write_text_file(out / rel, bytes);
    InputFile file;
    file.path = rel.generic_string();
    file.original = originals[i];
    file.sha256 = sha256_hex(bytes);
    inputs.files.push_back(std::move(file));
  }
  inputs.scenario = inputs.files.front().path;
  return inputs;
}

}  // namespace stroom::io
