// Clock, Random and Timers over performance.now(), Math.random() and setTimeout().
#pragma once

#include <map>

#include "clock.h"
#include "random.h"
#include "timers.h"

namespace wxs {

class BrowserClock final : public Clock {
 public:
  double NowMs() const override;
};

class BrowserRandom final : public Random {
 public:
  double Next01() override;
};

class BrowserTimers final : public Timers {
 public:
  ~BrowserTimers() override;
  TimerId Schedule(double delay_ms, InlineFunction<void()> fire) override;
  void Cancel(TimerId id) override;

 private:
  struct Pending {
    BrowserTimers* owner;
    TimerId id;
    long js_timeout_id;
    InlineFunction<void()> fire;
  };
  static void Fire(void* pending);

  TimerId next_id_ = 1;
  std::map<TimerId, Pending> pending_;  // a node stays put: its address is the timeout's data
};

}  // namespace wxs
