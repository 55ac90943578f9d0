// The STOMP client's result strings, in the SDK's "<api>:ok" / "<api>:fail <detail>" shape
// (err_msg.h). Every text the app can see from the STOMP session is written here or next to the
// rule it reports.
#pragma once

#include <string>
#include <string_view>

namespace wxs::stomp {

namespace api {
inline constexpr std::string_view kConnect = "connectStomp";
inline constexpr std::string_view kSend = "stompSend";
inline constexpr std::string_view kSubscribe = "stompSubscribe";
inline constexpr std::string_view kUnsubscribe = "stompUnsubscribe";
inline constexpr std::string_view kAck = "stompAck";
inline constexpr std::string_view kNack = "stompNack";
inline constexpr std::string_view kDisconnect = "stompDisconnect";
}  // namespace api

namespace detail {
inline constexpr std::string_view kNotConnected = "STOMP is not connected";
inline constexpr std::string_view kDisconnecting = "the client is disconnecting";
inline constexpr std::string_view kClosedBeforeReceipt = "the connection closed before its RECEIPT";
inline constexpr std::string_view kStaleMessage =
    "the message came on an earlier connection (the broker redelivers it)";
inline constexpr std::string_view kNoAckHeader =
    "the message has no ack header (its subscription is ack:auto)";
}  // namespace detail

// The task's "sendSocketMessage:..." under a STOMP API's name.
inline std::string UnderApi(std::string_view api, std::string_view err_msg) {
  const std::size_t colon = err_msg.find(':');
  return std::string(api) +
         std::string(err_msg.substr(colon == std::string_view::npos ? 0 : colon));
}

// The reasons the client closes a socket with (sent in the close frame: short ASCII).
namespace reason {
inline constexpr std::string_view kError = "STOMP ERROR";
inline constexpr std::string_view kProtocolError = "STOMP protocol error";
inline constexpr std::string_view kNoConnected = "no STOMP CONNECTED";
inline constexpr std::string_view kNoDisconnectReceipt = "no RECEIPT for DISCONNECT";
}  // namespace reason

}  // namespace wxs::stomp
