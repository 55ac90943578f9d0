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

// The code onClose reports for a close code the browser gave. WeChat documents 1000-4999; a code
// outside it (0, 999, 5000, 65535: no browser sends them, a WebSocket class may) says only that
// the connection ended without a valid close, which is 1006, and is then retried like it. Codes
// inside it pass as they are: 1005 (no code in the close frame) and unassigned ones such as 1004
// or 2999 still tell the app what the server sent.
inline int ReportedCloseCode(int code) { return code >= 1000 && code <= 4999 ? code : 1006; }

}  // namespace wxs
