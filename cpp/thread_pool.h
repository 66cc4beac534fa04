// A persistent pool: parallel_for(n, fn) runs fn(0..n-1) on the caller plus (num_threads - 1) workers. Between calls
// workers spin for a short while (back-to-back env steps then cost no wake-up) and then sleep on a condition
// variable. Work is handed out one index at a time, so a slow item (a reset) does not stall a whole chunk.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace boxwalk {

class ThreadPool {
 public:
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const { return static_cast<int>(workers_.size()) + 1; }
  // Every index runs even if one throws; the first exception is rethrown afterwards.
  void parallel_for(int n, const std::function<void(int)>& fn);

 private:
  void worker_loop();
  void drain();
  bool wait_for_work(uint64_t seen);

  std::vector<std::thread> workers_;
  bool spin_;  // only when every thread has a core of its own
  std::mutex mutex_;
  std::condition_variable start_cv_;
  std::condition_variable done_cv_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<int> busy_workers_{0};
  const std::function<void(int)>* task_ = nullptr;
  int task_size_ = 0;
  std::atomic<int> next_index_{0};
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

}  // namespace boxwalk
