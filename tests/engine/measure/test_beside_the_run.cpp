// Work beside the run (measure/beside_the_run.hpp): the measurement's samples and the capacity
// calculation of `stroom run` rely on jobs that run in order, one at a time, whose errors
// reach the caller, and that are finished before the thread goes.
#include "measure/beside_the_run.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

namespace stroom {
namespace {

TEST(BesideTheRun, RunsJobsOneAtATimeInTheOrderPosted) {
  std::vector<int> done;  // written by the jobs only, read after wait()
  std::atomic<int> running{0};
  bool overlapped = false;
  {
    BesideTheRun side;
    for (int k = 0; k < 50; ++k) {
      side.post([&, k] {
        overlapped |= running.fetch_add(1) != 0;
        if (k % 10 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        done.push_back(k);
        running.fetch_sub(1);
      });
    }
    side.wait();
    ASSERT_EQ(done.size(), 50u);
    for (int k = 0; k < 50; ++k)
      EXPECT_EQ(done[static_cast<std::size_t>(k)], k);
  }
  EXPECT_FALSE(overlapped);
}

TEST(BesideTheRun, PassesOnWhatAJobThrew) {
  BesideTheRun side;
  side.post([] { throw std::runtime_error("sample failed"); });
  EXPECT_THROW(side.wait(), std::runtime_error);
  // Reported once; the thread goes on with the next job.
  bool ran = false;
  side.post([&] { ran = true; });
  side.wait();
  EXPECT_TRUE(ran);
}

TEST(BesideTheRun, FinishesItsJobBeforeItGoes) {
  bool finished = false;
  {
    BesideTheRun side;
    side.post([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      finished = true;
    });
  }
  EXPECT_TRUE(finished);
}

TEST(BesideTheRun, ReturnsWhatTheWorkReturns) {
  // On a thread of its own, as `stroom run` does it (the thread keeps the idle priority).
  const int result =
      std::async(std::launch::async, [] { return beside_the_run([] { return 6 * 7; }); }).get();
  EXPECT_EQ(result, 42);
}

}  // namespace
}  // namespace stroom
