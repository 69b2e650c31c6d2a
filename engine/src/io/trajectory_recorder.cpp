// TrajectoryRecorder: frame sampling on the simulation's thread, writing on a writer thread
// behind a bounded queue. See stroom/io/trajectory_writer.hpp.
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "stroom/error.hpp"
#include "stroom/io/trajectory_writer.hpp"

namespace stroom::io {

struct TrajectoryRecorder::Impl {
  std::unique_ptr<TrajectoryWriter> writer;
  double frame_interval = 0.5;
  std::size_t capacity = 16;

  // Producer side (simulation thread).
  std::int64_t next_frame = 0;
  std::vector<SpawnRecord> spawned;
  std::vector<ExitRecord> exited;
  std::vector<EventRecord> events;
  bool finished = false;
  bool seen_first = false;

  // Shared with the writer thread.
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<TrajectoryFrame> queue;
  bool closing = false;
  bool completed = false;
  std::exception_ptr failure;
  std::thread thread;

  void run() {
    try {
      for (;;) {
        TrajectoryFrame frame;
        {
          std::unique_lock lock(mutex);
          changed.wait(lock, [&] { return !queue.empty() || closing; });
          if (queue.empty()) break;
          frame = std::move(queue.front());
          queue.pop_front();
        }
        changed.notify_all();
        writer->write(frame);
      }
      writer->close(completed);
    } catch (...) {
      std::lock_guard lock(mutex);
      failure = std::current_exception();
      queue.clear();
    }
    changed.notify_all();
  }

  void rethrow_failure() {
    std::exception_ptr f;
    {
      std::lock_guard lock(mutex);
      f = failure;
    }
    if (!f) return;
    try {
      std::rethrow_exception(f);
    } catch (const SimulationError&) {
      throw;
    } catch (const std::exception& e) {
      throw SimulationError(std::string("trajectory output failed: ") + e.what());
    }
  }

  void push(TrajectoryFrame frame) {
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return queue.size() < capacity || failure; });
      if (!failure) queue.push_back(std::move(frame));
    }
    changed.notify_all();
    rethrow_failure();
  }

  void stop_thread(bool run_completed) {
    if (!thread.joinable()) return;
    {
      std::lock_guard lock(mutex);
      closing = true;
      completed = run_completed;
    }
    changed.notify_all();
    thread.join();
  }
};

TrajectoryRecorder::TrajectoryRecorder(std::unique_ptr<TrajectoryWriter> writer,
                                       double frame_interval, std::size_t queue_frames)
    : impl_(std::make_unique<Impl>()) {
  STROOM_ASSERT(frame_interval > 0.0);
  impl_->writer = std::move(writer);
  impl_->frame_interval = frame_interval;
  impl_->capacity = queue_frames > 0 ? queue_frames : 1;
  if (impl_->writer) impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

TrajectoryRecorder::~TrajectoryRecorder() {
  if (impl_) impl_->stop_thread(false);
}

void TrajectoryRecorder::record_event(EventRecord event) {
  impl_->events.push_back(std::move(event));
}

void TrajectoryRecorder::observe(const StepView& view) {
  Impl& m = *impl_;
  if (!m.writer || m.finished) return;

  // The first view holds the persons placed at t = 0: register them all.
  if (!m.seen_first) {
    m.seen_first = true;
    for (std::size_t k = 0; k < view.ids.size(); ++k)
      m.spawned.push_back(SpawnRecord{
          view.ids[k], view.time, view.population.empty() ? -1 : view.population[k],
          view.radius.empty() ? 0.0 : view.radius[k], view.group.empty() ? 0 : view.group[k],
          view.profile.empty() ? -1 : view.profile[k]});
  }
  // Spawns: population and radius come from the person's slot. New persons are usually at the
  // end of the arrays, so search from the back and stop once all are found.
  if (!view.spawned.empty()) {
    std::unordered_set<PersonId> wanted(view.spawned.begin(), view.spawned.end());
    for (std::size_t k = view.ids.size(); k-- > 0 && !wanted.empty();) {
      if (wanted.erase(view.ids[k]) == 0) continue;
      m.spawned.push_back(SpawnRecord{
          view.ids[k], view.time, view.population.empty() ? -1 : view.population[k],
          view.radius.empty() ? 0.0 : view.radius[k], view.group.empty() ? 0 : view.group[k],
          view.profile.empty() ? -1 : view.profile[k]});
    }
    for (PersonId id : view.spawned)  // entered and left within the same step
      if (wanted.count(id)) m.spawned.push_back(SpawnRecord{id, view.time, -1, 0.0});
  }
  if (!view.exited.empty()) {
    for (PersonId id : view.exited) {
      ExitRecord rec{id, view.time, -1};
      for (const Crossing& c : view.crossings) {
        if (c.kind == CrossingKind::exit && c.person == id) {
          rec.time = c.time;
          rec.exit = c.element;
          break;
        }
      }
      m.exited.push_back(rec);
    }
  }

  // Frame sampling: frame k is due at the first step ending within half a step of k·interval.
  const double due = static_cast<double>(m.next_frame) * m.frame_interval;
  if (view.time + 0.5 * view.step + 1e-9 < due) return;

  TrajectoryFrame f;
  f.frame = m.next_frame;
  f.time = view.time;
  f.ids.assign(view.ids.begin(), view.ids.end());
  f.x.assign(view.x.begin(), view.x.end());
  f.y.assign(view.y.begin(), view.y.end());
  f.vx.assign(view.vx.begin(), view.vx.end());
  f.vy.assign(view.vy.begin(), view.vy.end());
  f.wall_blocking.assign(view.wall_blocking.begin(), view.wall_blocking.end());
  f.spawned = std::move(m.spawned);
  f.exited = std::move(m.exited);
  f.events = std::move(m.events);
  m.spawned.clear();
  m.exited.clear();
  m.events.clear();
  // The next frame is the first multiple of the interval after this step (frame numbers skip
  // when the interval is shorter than the step).
  m.next_frame = static_cast<std::int64_t>(
                     std::floor((view.time + 0.5 * view.step + 1e-9) / m.frame_interval)) +
                 1;
  if (m.next_frame <= f.frame) m.next_frame = f.frame + 1;
  m.push(std::move(f));
  ++frames_;
}

void TrajectoryRecorder::finish(bool completed) {
  Impl& m = *impl_;
  if (m.finished) return;
  m.finished = true;
  if (!m.writer) return;
  if (!m.spawned.empty() || !m.exited.empty() || !m.events.empty()) {
    TrajectoryFrame tail;
    tail.has_positions = false;
    tail.frame = m.next_frame;
    tail.spawned = std::move(m.spawned);
    tail.exited = std::move(m.exited);
    tail.events = std::move(m.events);
    m.push(std::move(tail));
  }
  m.stop_thread(completed);
  m.rethrow_failure();
}

std::string trajectory_file_name(TrajectoryFormat format) {
  switch (format) {
    case TrajectoryFormat::sqlite:
      return "trajectories.sqlite";
    case TrajectoryFormat::csv:
      return "trajectories.csv";
    case TrajectoryFormat::none:
      return "";
  }
  return "";
}

std::int64_t stable_hash(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a 64 offset basis
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;  // FNV prime
  }
  return static_cast<std::int64_t>(h);  // two's complement reinterpretation (C++20)
}

}  // namespace stroom::io
