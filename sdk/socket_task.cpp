#include "socket_task.h"

#include "err_msg.h"

namespace wxs {
namespace {

constexpr std::string_view kConnectFailed = "WebSocket connection failed";
constexpr std::string_view kConnectionError = "WebSocket connection error";
constexpr std::string_view kTimeoutReason = "connect timeout";
constexpr std::string_view kRejectedReason = "abnormal closure";

}  // namespace

SocketTask::SocketTask(int id, TaskServices services)
    : id_(id), services_(services), deadline_(services.timers) {}

SocketTask::~SocketTask() = default;

std::string SocketTask::Start(const ConnectOptions& options) {
  connect_start_ms_ = services_.clock.NowMs();
  timeout_ms_ = options.timeout_ms;
  OpenedTransport opened = services_.transports.Open(options.request, *this);
  if (!opened.transport) return opened.error.empty() ? std::string(kConnectFailed) : opened.error;
  transport_ = std::move(opened.transport);
  deadline_.Start(timeout_ms_, [this] { OnDeadline(); });
  return {};
}

void SocketTask::Reject(std::string err_msg) {
  state_ = ReadyState::kClosed;
  transport_.reset();
  deadline_.Start(0, [this, err_msg = std::move(err_msg)] {
    services_.listener.OnTaskError(id_, err_msg);
    Finish(kAbnormalClosure, kRejectedReason);
  });
}

std::string SocketTask::Send(Payload message) {
  if (state_ != ReadyState::kOpen || !transport_->Send(message)) {
    return FailMsg(api::kSendSocketMessage, detail::kNotConnected);
  }
  return OkMsg(api::kSendSocketMessage);
}

std::string SocketTask::Close(const CloseRequest& request) {
  switch (state_) {
    case ReadyState::kConnecting:
      closed_before_open_ = true;
      app_close_ = request;
      [[fallthrough]];
    case ReadyState::kOpen:
      state_ = ReadyState::kClosing;
      transport_->Close(request.code, request.reason);
      // A server that never answers the closing handshake must not hold the slot forever.
      deadline_.Start(timeout_ms_, [this] { OnDeadline(); });
      return OkMsg(api::kCloseSocket);
    case ReadyState::kClosing:
      return OkMsg(api::kCloseSocket);  // already under way; closing twice is harmless
    case ReadyState::kClosed:
      break;
  }
  return FailMsg(api::kCloseSocket, detail::kNotConnected);
}

void SocketTask::OnTransportOpen() {
  if (state_ != ReadyState::kConnecting) return;
  state_ = ReadyState::kOpen;
  deadline_.Stop();
  services_.listener.OnTaskOpen(id_, OpenProfile{connect_start_ms_, services_.clock.NowMs()});
}

void SocketTask::OnTransportMessage(Payload message) {
  // Frames that arrived before the server's close frame still belong to the app.
  if (state_ == ReadyState::kOpen || (state_ == ReadyState::kClosing && !closed_before_open_)) {
    services_.listener.OnTaskMessage(id_, message);
  }
}

void SocketTask::OnTransportError() {
  if (state_ == ReadyState::kClosed || closed_before_open_) return;
  const bool before_open = state_ == ReadyState::kConnecting;
  state_ = ReadyState::kClosing;
  services_.listener.OnTaskError(id_, before_open ? kConnectFailed : kConnectionError);
}

void SocketTask::OnTransportClose(int code, std::string_view reason) {
  if (state_ == ReadyState::kClosed) return;
  if (closed_before_open_) {
    Finish(app_close_.code, app_close_.reason);
  } else {
    Finish(code, reason);
  }
}

void SocketTask::OnDeadline() {
  if (state_ == ReadyState::kConnecting) {
    state_ = ReadyState::kClosed;
    transport_.reset();
    services_.listener.OnTaskError(id_, FailMsg(api::kConnectSocket, "timeout"));
    Finish(kAbnormalClosure, kTimeoutReason);
  } else if (state_ == ReadyState::kClosing) {
    if (closed_before_open_) {
      Finish(app_close_.code, app_close_.reason);
    } else {
      Finish(kAbnormalClosure, kRejectedReason);
    }
  }
}

void SocketTask::Finish(int code, std::string_view reason) {
  // Copy first: `reason` may point into the transport's event buffer, released below.
  const std::string reason_copy(reason);
  state_ = ReadyState::kClosed;
  deadline_.Stop();
  transport_.reset();
  close_reported_ = true;
  services_.listener.OnTaskClose(id_, code, reason_copy);
}

}  // namespace wxs
