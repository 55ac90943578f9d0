// Which close codes end a task for good and which send it to reconnect: a table, not code.
#pragma once

#include <utility>
#include <vector>

namespace wxs {

struct ClosePolicy {
  // Inclusive ranges of final codes. By default the codes that say "retrying cannot help":
  // protocol error, unsupported data, invalid payload, policy violation, message too big,
  // missing extension.
  std::vector<std::pair<int, int>> final_codes = {{1002, 1003}, {1007, 1010}};

  bool IsFinal(int code) const {
    for (const auto& [low, high] : final_codes) {
      if (code >= low && code <= high) return true;
    }
    return false;
  }
};

}  // namespace wxs
