// Monotonic time in milliseconds, injected so tests can run on a virtual clock.
#pragma once

namespace wxs {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double NowMs() const = 0;
};

}  // namespace wxs
