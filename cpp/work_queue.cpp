#include "work_queue.h"

#include <algorithm>

namespace boxwalk {

WorkQueue::WorkQueue(int num_threads, int num_items, std::function<void(int)> fn)
    : fn_(std::move(fn)), is_finished_(static_cast<std::size_t>(num_items), 0) {
  for (int i = 1; i < num_threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

WorkQueue::~WorkQueue() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    pending_.clear();  // items not started are dropped; running ones finish (a world is never left half-stepped)
  }
  work_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void WorkQueue::run_one(std::unique_lock<std::mutex>& lock) {
  const int item = pending_.front();
  pending_.pop_front();
  lock.unlock();
  std::exception_ptr error;
  try {
    fn_(item);
  } catch (...) {
    error = std::current_exception();
  }
  lock.lock();
  if (error && !error_) error_ = error;
  finished_.push_back(item);
  is_finished_[static_cast<std::size_t>(item)] = 1;
  done_cv_.notify_all();
}

void WorkQueue::worker_loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (stopping_) return;
    run_one(lock);
  }
}

template <typename Done>
void WorkQueue::help_until(std::unique_lock<std::mutex>& lock, Done done) {
  while (!done()) {
    if (!pending_.empty()) run_one(lock);
    else done_cv_.wait(lock, [&] { return done() || !pending_.empty(); });
  }
}

void WorkQueue::push(const int64_t* items, std::size_t count) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::size_t k = 0; k < count; ++k) pending_.push_back(static_cast<int>(items[k]));
    outstanding_ += count;
  }
  if (count == 1) work_cv_.notify_one();
  else work_cv_.notify_all();
}

std::exception_ptr WorkQueue::take_error() {
  std::exception_ptr error = error_;
  error_ = nullptr;
  return error;
}

std::exception_ptr WorkQueue::pop_first(std::size_t count, int64_t* out) {
  std::unique_lock<std::mutex> lock(mutex_);
  help_until(lock, [&] { return finished_.size() >= count; });
  for (std::size_t k = 0; k < count; ++k) {
    const int item = finished_.front();
    finished_.pop_front();
    is_finished_[static_cast<std::size_t>(item)] = 0;
    out[k] = item;
  }
  outstanding_ -= count;
  return take_error();
}

std::exception_ptr WorkQueue::pop_these(const int64_t* items, std::size_t count) {
  std::unique_lock<std::mutex> lock(mutex_);
  help_until(lock, [&] {
    for (std::size_t k = 0; k < count; ++k)
      if (!is_finished_[static_cast<std::size_t>(items[k])]) return false;
    return true;
  });
  for (std::size_t k = 0; k < count; ++k) is_finished_[static_cast<std::size_t>(items[k])] = 0;
  finished_.erase(std::remove_if(finished_.begin(), finished_.end(),
                                 [&](int item) { return !is_finished_[static_cast<std::size_t>(item)]; }),
                  finished_.end());
  outstanding_ -= count;
  return take_error();
}

std::size_t WorkQueue::outstanding() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return outstanding_;
}

}  // namespace boxwalk
