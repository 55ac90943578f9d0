// Many timers on one underlying timer.
#include "shared_timers.h"

#include <catch2/catch.hpp>
#include <functional>

#include "virtual_time.h"

using namespace wxs;
using namespace wxs::testing;

TEST_CASE("shared timers fire in due order through one underlying timer", "[timers]") {
  VirtualTime time;
  SharedTimers shared(time, time);
  std::vector<int> fired;
  for (int i : {3, 1, 2}) shared.Schedule(i * 100.0, [&, i] { fired.push_back(i); });
  REQUIRE(time.pending_count() == 1);
  time.Advance(150);
  REQUIRE(fired == std::vector<int>{1});
  time.Advance(1000);
  REQUIRE(fired == std::vector<int>{1, 2, 3});
  REQUIRE(time.pending_count() == 0);
}

TEST_CASE("cancelling the earliest shared timer re-arms for the next", "[timers]") {
  VirtualTime time;
  SharedTimers shared(time, time);
  std::vector<int> fired;
  const TimerId first = shared.Schedule(100, [&] { fired.push_back(1); });
  shared.Schedule(200, [&] { fired.push_back(2); });
  shared.Cancel(first);
  shared.Cancel(first);  // twice is harmless
  time.Advance(150);
  REQUIRE(fired.empty());
  time.Advance(100);
  REQUIRE(fired == std::vector<int>{2});
}

TEST_CASE("a shared timer callback may schedule another", "[timers]") {
  VirtualTime time;
  SharedTimers shared(time, time);
  int ticks = 0;
  std::function<void()> tick = [&] {
    if (++ticks < 5) shared.Schedule(10, [&tick] { tick(); });
  };
  shared.Schedule(10, [&tick] { tick(); });
  time.Advance(1000);
  REQUIRE(ticks == 5);
  REQUIRE(shared.pending() == 0);
}
