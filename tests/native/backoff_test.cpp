// Reconnect delays: the table of ceilings and the jitter range.
#include "backoff.h"

#include <catch2/catch.hpp>

using namespace wxs;

TEST_CASE("backoff ceilings double from 2 x min and stop at max", "[backoff]") {
  const BackoffPolicy policy{500, 30000};
  const double expected[] = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
  for (int attempt = 0; attempt < 8; ++attempt) {
    INFO("attempt " << attempt);
    REQUIRE(BackoffCeilingMs(attempt, policy) == expected[attempt]);
  }
  REQUIRE(BackoffCeilingMs(10000, policy) == 30000);  // no overflow for huge attempt counts
}

TEST_CASE("full jitter: delays are uniform between min and the ceiling", "[backoff]") {
  const BackoffPolicy policy{500, 30000};
  REQUIRE(BackoffDelayMs(1, policy, 0.0) == 500);
  REQUIRE(BackoffDelayMs(1, policy, 0.5) == 750);
  REQUIRE(BackoffDelayMs(1, policy, 0.999999) == Approx(1000).epsilon(1e-5));
  REQUIRE(BackoffDelayMs(3, policy, 0.5) == 2250);
  REQUIRE(BackoffDelayMs(9, policy, 1.0) == 30000);
  REQUIRE(BackoffDelayMs(2, policy, -3) == 500);  // a broken random source stays in range
  REQUIRE(BackoffDelayMs(2, policy, 7) == 2000);
}

TEST_CASE("the smallest min delay (1 ms) still doubles and spreads attempts", "[backoff]") {
  const BackoffPolicy floor_one{1, 1000};
  REQUIRE(BackoffCeilingMs(4, floor_one) == 16);
  REQUIRE(BackoffDelayMs(4, floor_one, 0.0) == 1);
  REQUIRE(BackoffDelayMs(4, floor_one, 0.5) == Approx(8.5));
}
