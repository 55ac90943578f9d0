// One-shot timers, injected: the browser's setTimeout in bindings/, a virtual clock in tests/.
#pragma once

#include <cstdint>

#include "inline_function.h"

namespace wxs {

using TimerId = std::uint64_t;

// The longest duration any option may ask for: a day. Anything longer is a mistake, and a
// browser fires a setTimeout of 2^31 ms or more at once. A 32-bit std::size_t holds it: errMsgs
// and headers format durations as one, like counts (one to_string overload in the download).
inline constexpr double kMaxDurationMs = 24.0 * 3600 * 1000;

class Timers {
 public:
  virtual ~Timers() = default;
  // `fire` runs once, from the event loop, never from inside Schedule(). It captures two
  // pointers at most (an InlineFunction: no std::function code per lambda in the wasm).
  virtual TimerId Schedule(double delay_ms, InlineFunction<void()> fire) = 0;
  // Cancelling a timer that already fired or was cancelled does nothing.
  virtual void Cancel(TimerId id) = 0;
};

// Owns at most one pending timer and cancels it when restarted, stopped or destroyed, so a
// callback can never outlive the object it captured.
class Timer {
 public:
  explicit Timer(Timers& timers) : timers_(timers) {}
  ~Timer() { Stop(); }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  // One scheduled lambda for every Timer, whatever `fire` is.
  void Start(double delay_ms, InlineFunction<void()> fire) {
    Stop();
    fire_ = fire;
    id_ = timers_.Schedule(delay_ms, [this] {
      id_ = 0;
      const InlineFunction<void()> fire = fire_;  // fire() may restart this timer
      fire();
    });
  }
  void Stop() {
    if (id_ != 0) timers_.Cancel(id_);
    id_ = 0;
  }
  bool pending() const { return id_ != 0; }

 private:
  Timers& timers_;
  TimerId id_ = 0;
  InlineFunction<void()> fire_;
};

}  // namespace wxs
