#include "backoff.h"

#include <algorithm>
#include <cmath>

namespace wxs {

double BackoffCeilingMs(int attempt, const BackoffPolicy& policy) {
  const int exponent = std::clamp(attempt, 0, 52);  // 2^52 already exceeds any max
  return std::min(policy.max_delay_ms, policy.min_delay_ms * std::ldexp(1.0, exponent));
}

double BackoffDelayMs(int attempt, const BackoffPolicy& policy, double unit) {
  const double floor = std::min(policy.min_delay_ms, policy.max_delay_ms);
  const double ceiling = BackoffCeilingMs(attempt, policy);
  return floor + std::clamp(unit, 0.0, 1.0) * std::max(0.0, ceiling - floor);
}

}  // namespace wxs
