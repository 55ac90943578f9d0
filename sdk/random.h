// A source of uniform numbers in [0, 1), injected so that jitter is testable.
#pragma once

namespace wxs {

class Random {
 public:
  virtual ~Random() = default;
  virtual double Next01() = 0;
};

}  // namespace wxs
