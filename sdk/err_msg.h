// WeChat's result strings: "<api>:ok" on success, "<api>:fail <detail>" on failure.
#pragma once

#include <string>
#include <string_view>

namespace wxs {

namespace api {
inline constexpr std::string_view kConnectSocket = "connectSocket";
inline constexpr std::string_view kSendSocketMessage = "sendSocketMessage";
inline constexpr std::string_view kCloseSocket = "closeSocket";
}  // namespace api

// Details shared by several APIs, worded as WeChat words them.
namespace detail {
inline constexpr std::string_view kNotConnected = "WebSocket is not connected";
// A send whose copy in wasm memory could not be allocated.
inline constexpr std::string_view kNoMemoryForMessage = "message too big: no memory to copy it";
}  // namespace detail

inline std::string OkMsg(std::string_view api) { return std::string(api) + ":ok"; }

inline std::string FailMsg(std::string_view api, std::string_view detail) {
  return std::string(api) + ":fail " + std::string(detail);
}

inline bool IsOkMsg(std::string_view err_msg) {
  return err_msg.size() >= 3 && err_msg.substr(err_msg.size() - 3) == ":ok";
}

}  // namespace wxs
