// Reconnect delays: exponential backoff with full jitter between a floor and a ceiling.
#pragma once

namespace wxs {

struct BackoffPolicy {
  double min_delay_ms = 500;
  double max_delay_ms = 30000;
};

// The largest delay of the n-th consecutive attempt (n >= 1): min * 2^n, capped at max.
double BackoffCeilingMs(int attempt, const BackoffPolicy& policy);

// The delay of the n-th attempt for a uniform draw `unit` in [0, 1): uniform in
// [min, ceiling(n)], so tasks that dropped together spread out instead of retrying in step.
double BackoffDelayMs(int attempt, const BackoffPolicy& policy, double unit);

}  // namespace wxs
