// Many timers on one underlying timer: the scheduler every task's heartbeat shares, so a page
// with many sockets keeps one pending browser timeout for all of them.
#pragma once

#include <map>
#include <utility>

#include "clock.h"
#include "timers.h"

namespace wxs {

class SharedTimers final : public Timers {
 public:
  SharedTimers(Timers& underlying, const Clock& clock);
  ~SharedTimers() override;

  TimerId Schedule(double delay_ms, InlineFunction<void()> fire) override;
  void Cancel(TimerId id) override;
  std::size_t pending() const { return due_.size(); }

 private:
  void Rearm();
  void FireDue();

  Timers& underlying_;
  const Clock& clock_;
  TimerId next_id_ = 1;
  std::map<std::pair<double, TimerId>, InlineFunction<void()>> due_;  // (due time, id) order
  std::map<TimerId, double> due_time_of_;
  TimerId armed_ = 0;
  double armed_for_ms_ = 0;
};

}  // namespace wxs
