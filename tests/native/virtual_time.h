// A clock and timers that move only when a test says so: deterministic, no sleeps.
#pragma once

#include <algorithm>
#include <map>
#include <utility>

#include "clock.h"
#include "timers.h"

namespace wxs::testing {

class VirtualTime final : public Clock, public Timers {
 public:
  double NowMs() const override { return now_ms_; }

  TimerId Schedule(double delay_ms, InlineFunction<void()> fire) override {
    const TimerId id = next_id_++;
    pending_.emplace(std::make_pair(now_ms_ + (delay_ms > 0 ? delay_ms : 0), id), fire);
    return id;
  }

  void Cancel(TimerId id) override {
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->first.second == id) {
        pending_.erase(it);
        return;
      }
    }
  }

  // Fires, in due order, every timer due within the next `ms` milliseconds (including timers
  // those callbacks schedule), then leaves the clock at now + ms.
  void Advance(double ms) {
    const double target = now_ms_ + ms;
    while (!pending_.empty() && pending_.begin()->first.first <= target) {
      auto next = pending_.begin();
      // A timer held back by Jump() fires late, at the current time: the clock never goes back.
      now_ms_ = std::max(now_ms_, next->first.first);
      const InlineFunction<void()> fire = next->second;
      pending_.erase(next);
      fire();
    }
    now_ms_ = target;
  }

  // Moves the clock without firing anything: timers held back (a throttled tab, a sleeping
  // laptop). The next Advance/Tick fires them, late.
  void Jump(double ms) { now_ms_ += ms; }

  // Runs what is due now: the "next tick".
  void Tick() { Advance(0); }

  std::size_t pending_count() const { return pending_.size(); }
  // Timers scheduled so far (each costs a browser setTimeout in the real adapter).
  std::size_t scheduled_count() const { return static_cast<std::size_t>(next_id_ - 1); }

 private:
  double now_ms_ = 1000;
  TimerId next_id_ = 1;
  std::map<std::pair<double, TimerId>, InlineFunction<void()>> pending_;
};

}  // namespace wxs::testing
