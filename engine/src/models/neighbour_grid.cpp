#include "models/neighbour_grid.hpp"

#include <algorithm>
#include <cmath>

#include "stroom/error.hpp"

namespace stroom::models {

NeighbourGrid::NeighbourGrid(Bounds bounds, double cell) : cell_(cell), inv_cell_(1.0 / cell) {
  STROOM_ASSERT(cell > 0.0);
  origin_ = {bounds.min.x - cell, bounds.min.y - cell};
  nx_ = static_cast<int>(std::ceil(bounds.width() / cell)) + 3;
  ny_ = static_cast<int>(std::ceil(bounds.height() / cell)) + 3;
  start_.assign(static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_) + 1, 0);
}

void NeighbourGrid::build(std::span<const double> x, std::span<const double> y,
                          std::span<const double> radius, std::span<const double> extra_x,
                          std::span<const double> extra_y, std::span<const double> extra_radius,
                          const ParallelParts& parallel) {
  const std::size_t persons = x.size();
  const std::size_t n = persons + extra_x.size();
  persons_ = static_cast<std::int32_t>(persons);
  STROOM_ASSERT(extra_y.size() == extra_x.size() && extra_radius.size() == extra_x.size());
  cell_of_.resize(n);
  slot_.resize(n);
  x_.resize(n);
  y_.resize(n);
  r_.resize(n);
  const auto cells = static_cast<std::int32_t>(start_.size() - 1);
  // Bands of cells with about equal persons, from the last build's counts (persons move little
  // from one step to the next); evenly by cells the first time. Few persons: one band.
  constexpr std::size_t kPersonsPerBand = 4096;
  const int bands = parallel.run && parallel.parts > 1
                        ? static_cast<int>(std::min<std::size_t>(
                              static_cast<std::size_t>(parallel.parts), n / kPersonsPerBand + 1))
                        : 1;
  const bool counted_before = start_[static_cast<std::size_t>(cells)] > 0;
  const std::int32_t before = start_[static_cast<std::size_t>(cells)];
  band_.resize(static_cast<std::size_t>(bands) + 1);
  band_[0] = 0;
  for (int b = 1; b < bands; ++b) {
    band_[static_cast<std::size_t>(b)] =
        counted_before
            ? static_cast<std::int32_t>(
                  std::upper_bound(
                      start_.begin(), start_.end() - 1,
                      static_cast<std::int32_t>(static_cast<std::int64_t>(before) * b / bands)) -
                  start_.begin())
            : static_cast<std::int32_t>(static_cast<std::int64_t>(cells) * b / bands);
  }
  band_[static_cast<std::size_t>(bands)] = cells;
  // Counting sort, stable, each band on its own: count its persons per cell (start_[c] =
  // persons in c), then running sums from the persons in the bands before it (start_[c] = end
  // of cell c), then place from the last person down, each at the end of their cell's free
  // part, which leaves start_[c] at the first entry of cell c. Every band reads the cells of
  // the entries that may hold its persons but writes only its own cells' entries.
  std::vector<std::int32_t> in_band(static_cast<std::size_t>(bands), 0);
  std::vector<double> band_max_radius(static_cast<std::size_t>(bands), 0.0);
  // Where each band's persons lie among the entries, from each share of the first round
  // ([share · bands + band]: first entry, one past the last): the persons are renumbered in
  // cell order now and then and move little in between, so a band's persons are about a
  // contiguous share, and the later rounds scan only the entries from its first to its last.
  const std::size_t squares = static_cast<std::size_t>(bands) * static_cast<std::size_t>(bands);
  std::vector<std::size_t> spans_first(squares, n), spans_end(squares, 0);
  // The band's bounds as values: start_ is written through in the same loops, and the
  // compiler would otherwise reload them from band_ for every person.
  const auto own_band = [&](int b) {
    return std::pair{band_[static_cast<std::size_t>(b)], band_[static_cast<std::size_t>(b) + 1]};
  };
  const auto count = [&](int b) {
    // The cells of the persons, a share each, then the band's own counts.
    const std::size_t from = n * static_cast<std::size_t>(b) / static_cast<std::size_t>(bands);
    const std::size_t to = n * static_cast<std::size_t>(b + 1) / static_cast<std::size_t>(bands);
    // The grid's shape in locals: the int stores to cell_of_ could alias the members, which
    // the compiler would otherwise reload (and convert) for every person. The persons and the
    // extra bodies in loops of their own, without a branch, which the compiler vectorises.
    const double ox = origin_.x, oy = origin_.y, inv = inv_cell_;
    const int columns = nx_, rows = ny_;
    std::int32_t* cell = cell_of_.data();
    const auto cells_of = [&](const double* xs, const double* ys, std::size_t begin,
                              std::size_t end, std::size_t first) {
      for (std::size_t i = begin; i < end; ++i)
        cell[first + i] = clamped_cell((ys[i] - oy) * inv, rows) * columns +
                          clamped_cell((xs[i] - ox) * inv, columns);
    };
    cells_of(x.data(), y.data(), std::min(from, persons), std::min(to, persons), 0);
    cells_of(extra_x.data(), extra_y.data(), std::max(from, persons) - persons,
             std::max(to, persons) - persons, persons);
    std::fill(start_.begin() + band_[static_cast<std::size_t>(b)],
              start_.begin() + band_[static_cast<std::size_t>(b) + 1], 0);
    if (bands == 1) return;
    std::size_t* first = spans_first.data() + static_cast<std::size_t>(b * bands);
    std::size_t* end = spans_end.data() + static_cast<std::size_t>(b * bands);
    // Run by run of entries in one band (long runs: the persons are nearly in cell order).
    const std::int32_t* band_begin = band_.data();
    for (std::size_t i = from; i < to;) {
      std::size_t in = 0;
      while (static_cast<int>(in) + 1 < bands && cell[i] >= band_begin[in + 1])
        ++in;
      const std::int32_t lo = band_begin[in], hi = band_begin[in + 1];
      first[in] = std::min(first[in], i);
      do {
        ++i;
      } while (i < to && cell[i] >= lo && cell[i] < hi);
      end[in] = i;
    }
  };
  // The entries [begin, end) that hold all of band b's persons.
  const auto span_of = [&](int b) {
    std::size_t begin = n, end = 0;
    for (int share = 0; share < bands; ++share) {
      const std::size_t k = static_cast<std::size_t>(share * bands + b);
      begin = std::min(begin, spans_first[k]);
      end = std::max(end, spans_end[k]);
    }
    return bands == 1 ? std::pair<std::size_t, std::size_t>{0, n} : std::pair{begin, end};
  };
  const auto count_own = [&](int b) {
    const auto [lo, hi] = own_band(b);
    std::int32_t own = 0;
    const auto [begin, end] = span_of(b);
    for (std::size_t i = begin; i < end; ++i) {
      const std::int32_t c = cell_of_[i];
      if (c >= lo && c < hi) ++start_[static_cast<std::size_t>(c)], ++own;
    }
    in_band[static_cast<std::size_t>(b)] = own;
  };
  const auto place = [&](int b) {
    const auto [lo, hi] = own_band(b);
    std::int32_t end = 0;
    for (int a = 0; a < b; ++a)
      end += in_band[static_cast<std::size_t>(a)];
    for (std::int32_t c = lo; c < hi; ++c)
      start_[static_cast<std::size_t>(c)] = end += start_[static_cast<std::size_t>(c)];
    // From the last entry down (the extra bodies, then the persons), each loop over plain
    // arrays without a branch on which of the two it reads.
    double max_r = 0.0;
    const auto place_from = [&](const double* xs, const double* ys, const double* rs,
                                std::size_t first, std::size_t k_begin, std::size_t k_end) {
      for (std::size_t k = k_end; k-- > k_begin;) {
        const std::int32_t c = cell_of_[first + k];
        if (c < lo || c >= hi) continue;
        const std::int32_t e = --start_[static_cast<std::size_t>(c)];
        slot_[e] = static_cast<std::int32_t>(first + k);
        x_[e] = xs[k];
        y_[e] = ys[k];
        r_[e] = rs[k];
        max_r = std::max(max_r, rs[k]);
      }
    };
    const auto [begin, end_entry] = span_of(b);
    if (end_entry > persons)
      place_from(extra_x.data(), extra_y.data(), extra_radius.data(), persons,
                 std::max(begin, persons) - persons, end_entry - persons);
    place_from(x.data(), y.data(), radius.data(), 0, begin, std::min(end_entry, persons));
    band_max_radius[static_cast<std::size_t>(b)] = max_r;
  };
  const auto each_band = [&](const auto& f) {
    if (bands > 1) {
      parallel.run(bands, [&](int b) { f(b); });
    } else {
      f(0);
    }
  };
  // The cells must all be known before any band counts, and every band's count before any
  // places: three rounds.
  each_band(count);
  each_band(count_own);
  each_band(place);
  start_[static_cast<std::size_t>(cells)] = static_cast<std::int32_t>(n);
  max_radius_ = *std::max_element(band_max_radius.begin(), band_max_radius.end());
}

}  // namespace stroom::models
