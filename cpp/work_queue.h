// Asynchronous stepping (EnvPool's send / recv): push(items) hands items to (num_threads - 1) background workers in
// FIFO order and returns; finished items are collected in completion order. While the caller waits for results it
// runs queued items itself, as ThreadPool::parallel_for's caller does, so num_threads threads step envs in all and
// the caller's core is never idle: between a push and the next wait it is free to run the policy (Python) while the
// workers step. Workers sleep on a condition variable when the queue is empty.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace boxwalk {

class WorkQueue {
 public:
  // fn(item) runs on a worker or a waiting caller for each pushed item; items are in [0, num_items).
  WorkQueue(int num_threads, int num_items, std::function<void(int)> fn);
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void push(const int64_t* items, std::size_t count);
  // Blocks until `count` items have finished and removes the first `count` to finish, writing them to `out`.
  // Returns the first exception a worker's fn threw since the last pop (null if none), for the caller to rethrow
  // once it has taken the items back.
  std::exception_ptr pop_first(std::size_t count, int64_t* out);
  // Blocks until every item of `items` has finished and removes those; returns as pop_first.
  std::exception_ptr pop_these(const int64_t* items, std::size_t count);
  // Items pushed and not yet popped.
  std::size_t outstanding() const;

 private:
  void worker_loop();
  // Runs the oldest pending item on this thread (lock held on entry and exit, released while running).
  void run_one(std::unique_lock<std::mutex>& lock);
  // Waits until done(), running pending items meanwhile.
  template <typename Done>
  void help_until(std::unique_lock<std::mutex>& lock, Done done);
  std::exception_ptr take_error();  // under mutex_

  std::function<void(int)> fn_;
  std::vector<std::thread> workers_;
  mutable std::mutex mutex_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<int> pending_;
  std::deque<int> finished_;
  std::vector<char> is_finished_;
  std::size_t outstanding_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
};

}  // namespace boxwalk
