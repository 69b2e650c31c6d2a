// Work done beside a run: on a thread that the system schedules only when a core would
// otherwise be idle, so that it fills the moments the run's own threads wait (their serial
// phases, the end of a step) and takes nothing from the steps. Used for the measurement's
// samples and, in `stroom run`, the capacity calculation.
#pragma once

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#endif
#include <tbb/task_arena.h>

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace stroom {

/// Lowers the calling thread to Linux's SCHED_IDLE (elsewhere: nothing). Best effort: a
/// system that refuses it leaves the thread as it was, which changes only the timing.
inline void run_only_when_idle() {
#if defined(__linux__)
  sched_param idle{};
  idle.sched_priority = 0;
  pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle);
#endif
}

/// f() on the calling thread at idle priority and on no other (an arena of one thread, so that
/// no worker of the run's is drawn in); returns what f returns. The thread keeps the priority.
template <class F>
auto beside_the_run(F&& f) {
  run_only_when_idle();
  tbb::task_arena alone(1);
  return alone.execute(std::forward<F>(f));
}

/// One thread at idle priority that runs jobs one at a time, in the order posted. post() waits
/// for the job before; wait() waits for the last one and passes on what it threw.
class BesideTheRun {
 public:
  BesideTheRun()
      : thread_([this] {
          run_only_when_idle();
          tbb::task_arena alone(1);
          std::unique_lock<std::mutex> lock(mutex_);
          for (;;) {
            changed_.wait(lock, [this] { return stop_ || job_; });
            if (!job_) return;  // stopped with nothing to do
            const std::function<void()> job = std::exchange(job_, nullptr);
            lock.unlock();
            std::exception_ptr error;
            try {
              alone.execute(job);
            } catch (...) {
              error = std::current_exception();
            }
            lock.lock();
            error_ = error;
            busy_ = false;
            changed_.notify_all();
          }
        }) {}
  ~BesideTheRun() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();  // a job in progress is finished first
  }
  BesideTheRun(const BesideTheRun&) = delete;
  BesideTheRun& operator=(const BesideTheRun&) = delete;

  void post(std::function<void()> job) {
    wait();
    const std::lock_guard<std::mutex> lock(mutex_);
    job_ = std::move(job);
    busy_ = true;
    changed_.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !busy_; });
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::function<void()> job_;
  bool busy_ = false;
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;  ///< last: started once everything above exists
};

}  // namespace stroom
