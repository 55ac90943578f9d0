#include "shared_timers.h"

namespace wxs {

SharedTimers::SharedTimers(Timers& underlying, const Clock& clock)
    : underlying_(underlying), clock_(clock) {}

SharedTimers::~SharedTimers() {
  if (armed_ != 0) underlying_.Cancel(armed_);
}

TimerId SharedTimers::Schedule(double delay_ms, InlineFunction<void()> fire) {
  const TimerId id = next_id_++;
  const double due = clock_.NowMs() + (delay_ms > 0 ? delay_ms : 0);
  due_.emplace(std::make_pair(due, id), fire);
  due_time_of_.emplace(id, due);
  Rearm();
  return id;
}

void SharedTimers::Cancel(TimerId id) {
  auto found = due_time_of_.find(id);
  if (found == due_time_of_.end()) return;
  due_.erase({found->second, id});
  due_time_of_.erase(found);
  Rearm();
}

// Keeps the one underlying timer set for the earliest due time.
void SharedTimers::Rearm() {
  if (due_.empty()) {
    if (armed_ != 0) underlying_.Cancel(armed_);
    armed_ = 0;
    return;
  }
  const double earliest = due_.begin()->first.first;
  if (armed_ != 0 && armed_for_ms_ == earliest) return;
  if (armed_ != 0) underlying_.Cancel(armed_);
  armed_for_ms_ = earliest;
  armed_ = underlying_.Schedule(earliest - clock_.NowMs(), [this] {
    armed_ = 0;
    FireDue();
    Rearm();
  });
}

void SharedTimers::FireDue() {
  const double now = clock_.NowMs();
  while (!due_.empty() && due_.begin()->first.first <= now) {
    auto next = due_.begin();
    const InlineFunction<void()> fire = next->second;
    due_time_of_.erase(next->first.second);
    due_.erase(next);
    fire();
  }
}

}  // namespace wxs
