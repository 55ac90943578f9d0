// SocketTask.close / wx.closeSocket's argument, checked the way the browser's close() would
// check it, so a bad code or reason becomes a `fail` callback instead of a thrown DOMException.
#pragma once

#include <string>
#include <string_view>

namespace wxs {

struct CloseRequest {
  static constexpr int kNormalClosure = 1000;
  static constexpr std::size_t kMaxReasonBytes = 123;

  int code = kNormalClosure;
  std::string reason;
};

struct ParsedClose {
  CloseRequest request;
  std::string error;  // the detail after "closeSocket:fail ", empty when valid
};

// An omitted argument (task.close()) is valid and means code 1000 with no reason.
ParsedClose ParseCloseRequest(std::string_view wire_json);

}  // namespace wxs
