// Counters a task keeps for SocketTask.getStats().
#pragma once

#include <cstdint>

namespace wxs {

struct TrafficStats {
  std::uint64_t messages_in = 0;
  std::uint64_t messages_out = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t reconnects = 0;  // successful reopenings
};

}  // namespace wxs
