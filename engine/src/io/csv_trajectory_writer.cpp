// trajectories.csv: `frame,time,id,x,y,vx,vy`, one row per person per frame, numbers in their
// shortest round-trip form (so equal runs give equal bytes).
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <string>

#include "stroom/error.hpp"
#include "stroom/io/trajectory_writer.hpp"

namespace stroom::io {

namespace {

void append_number(std::string& out, double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

void append_number(std::string& out, std::int64_t v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

class CsvTrajectoryWriter final : public TrajectoryWriter {
 public:
  explicit CsvTrajectoryWriter(const std::filesystem::path& file) : path_(file) {
    out_ = std::fopen(file.string().c_str(), "wb");
    if (!out_) throw SimulationError("cannot create " + file.string());
    put("frame,time,id,x,y,vx,vy\n");
  }
  ~CsvTrajectoryWriter() override {
    if (out_) std::fclose(out_);
  }

  void write(const TrajectoryFrame& f) override {
    if (!f.has_positions) return;
    line_.clear();
    for (std::size_t k = 0; k < f.ids.size(); ++k) {
      append_number(line_, f.frame);
      line_ += ',';
      append_number(line_, f.time);
      line_ += ',';
      append_number(line_, static_cast<std::int64_t>(f.ids[k]));
      line_ += ',';
      append_number(line_, f.x[k]);
      line_ += ',';
      append_number(line_, f.y[k]);
      line_ += ',';
      append_number(line_, f.vx[k]);
      line_ += ',';
      append_number(line_, f.vy[k]);
      line_ += '\n';
    }
    put(line_);
    std::fflush(out_);  // whole frames reach the file, so an interrupted run leaves whole rows
  }

  void close(bool /*completed*/) override {
    if (!out_) return;
    const bool ok = std::fclose(out_) == 0;
    out_ = nullptr;
    if (!ok) throw SimulationError("cannot write " + path_.string());
  }

 private:
  void put(const std::string& s) {
    if (std::fwrite(s.data(), 1, s.size(), out_) != s.size())
      throw SimulationError("cannot write " + path_.string());
  }

  std::filesystem::path path_;
  std::FILE* out_ = nullptr;
  std::string line_;
};

}  // namespace

std::unique_ptr<TrajectoryWriter> make_csv_trajectory_writer(const std::filesystem::path& file) {
  return std::make_unique<CsvTrajectoryWriter>(file);
}

}  // namespace stroom::io
