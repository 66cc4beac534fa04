#include "thread_pool.h"

#include <chrono>

namespace boxwalk {
namespace {

constexpr auto kSpinTime = std::chrono::microseconds(200);

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Spins until pred() or kSpinTime has passed; returns pred().
template <typename Pred>
bool spin_until(Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
  for (int k = 1;; ++k) {
    if (pred()) return true;
    cpu_relax();
    if (k % 64 == 0 && std::chrono::steady_clock::now() > deadline) return pred();
  }
}

}  // namespace

ThreadPool::ThreadPool(int num_threads)
    : spin_(num_threads <= static_cast<int>(std::thread::hardware_concurrency())) {
  for (int i = 1; i < num_threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_.store(true);
  }
  start_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::drain() {
  for (int i = next_index_.fetch_add(1); i < task_size_; i = next_index_.fetch_add(1)) {
    try {
      (*task_)(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
    }
  }
}

bool ThreadPool::wait_for_work(uint64_t seen) {
  auto ready = [&] { return stopping_.load(std::memory_order_acquire) || generation_.load(std::memory_order_acquire) != seen; };
  if (!(spin_ && spin_until(ready))) {
    std::unique_lock<std::mutex> lock(mutex_);
    start_cv_.wait(lock, ready);
  }
  return !stopping_.load(std::memory_order_acquire);
}

void ThreadPool::worker_loop() {
  uint64_t seen = 0;
  while (wait_for_work(seen)) {
    seen = generation_.load(std::memory_order_acquire);
    drain();
    if (busy_workers_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard<std::mutex> lock(mutex_);
      done_cv_.notify_one();
    }
  }
}

void ThreadPool::parallel_for(int n, const std::function<void(int)>& fn) {
  error_ = nullptr;
  if (workers_.empty() || n <= 1) {
    for (int i = 0; i < n; ++i) fn(i);
    return;
  }
  task_ = &fn;
  task_size_ = n;
  next_index_.store(0, std::memory_order_relaxed);
  busy_workers_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(mutex_);  // a sleeping worker must not miss the new generation
    generation_.fetch_add(1, std::memory_order_release);
  }
  start_cv_.notify_all();
  drain();
  auto all_done = [&] { return busy_workers_.load(std::memory_order_acquire) == 0; };
  if (!(spin_ && spin_until(all_done))) {
    std::unique_lock<std::mutex> lock(mutex_);
    done_cv_.wait(lock, all_done);
  }
  task_ = nullptr;
  if (error_) std::rethrow_exception(error_);
}

}  // namespace boxwalk
