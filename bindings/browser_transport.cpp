#include "browser_transport.h"

#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

extern "C" {
// browser_socket_library.js
int wxs_socket_open(const char* url, const char* protocols, void* events, wxs::BypassLane* lane,
                    int core_id, int task_id, std::size_t max_message_bytes,
                    int reads_every_message, int pong_min_units, int pong_max_units,
                    int pong_is_json_object);
void wxs_socket_copy_last_error(char* buffer, int size);
int wxs_socket_send(int handle, int is_text, const char* data, int length);
double wxs_socket_send_kept(int handle, int core_id, int task_id, std::uint32_t message_id);
void wxs_socket_close(int handle, int code, const char* reason, int reason_length);
void wxs_socket_release(int handle);
double wxs_socket_buffered_amount(int handle);
int wxs_socket_live_handles();

// Called by browser_socket_library.js with the TransportEvents pointer given to open.
EMSCRIPTEN_KEEPALIVE void wxs_on_socket_open(void* events) {
  static_cast<wxs::TransportEvents*>(events)->OnTransportOpen();
}
EMSCRIPTEN_KEEPALIVE void wxs_on_socket_error(void* events) {
  static_cast<wxs::TransportEvents*>(events)->OnTransportError();
}
EMSCRIPTEN_KEEPALIVE void wxs_on_socket_close(void* events, int code, const char* reason,
                                              int reason_length) {
  static_cast<wxs::TransportEvents*>(events)->OnTransportClose(
      code, std::string_view(reason, reason_length));
}
// A negative length: a message the library did not copy, of at least -length bytes. `kind`: 0
// binary, 1 text, 2 binary whose bytes stay in JS (the task does not read them), 3 text that
// stays in JS, counted in UTF-16 code units (its UTF-8 size would cost a pass over it).
EMSCRIPTEN_KEEPALIVE void wxs_on_socket_message(void* events, const char* data, int length,
                                                int kind) {
  auto* target = static_cast<wxs::TransportEvents*>(events);
  if (length < 0) return target->OnTransportMessageTooLarge(-length);
  const wxs::PayloadKind payload_kind =
      kind == 1 || kind == 3 ? wxs::PayloadKind::kText : wxs::PayloadKind::kBinary;
  if (kind >= 2) {
    return target->OnTransportMessage(
        wxs::Payload::Kept(payload_kind, static_cast<std::size_t>(length)));
  }
  target->OnTransportMessage(wxs::Payload{payload_kind, std::string_view(data, length)});
}
}

namespace wxs {
namespace {

class BrowserTransport final : public Transport {
 public:
  BrowserTransport(int handle, int core_id, int task_id)
      : handle_(handle), core_id_(core_id), task_id_(task_id) {}
  ~BrowserTransport() override { wxs_socket_release(handle_); }

  std::size_t Send(Payload message) override {
    if (message.kept) {
      // An app's payload never entered wasm memory: JS sends the string or buffer it kept.
      const double sent = wxs_socket_send_kept(handle_, core_id_, task_id_, message.kept_id);
      return sent < 0 ? kRefused : static_cast<std::size_t>(sent);
    }
    const std::size_t size = message.bytes.size();
    return wxs_socket_send(handle_, message.kind == PayloadKind::kText, message.bytes.data(),
                           static_cast<int>(size))
               ? size
               : kRefused;
  }
  std::uint64_t BufferedAmount() const override {
    return static_cast<std::uint64_t>(wxs_socket_buffered_amount(handle_));
  }
  void Close(int code, std::string_view reason) override {
    wxs_socket_close(handle_, code, reason.data(), static_cast<int>(reason.size()));
  }

 private:
  const int handle_;
  const int core_id_;
  const int task_id_;
};

int ClampToInt(std::size_t value) {
  return static_cast<int>(std::min<std::size_t>(value, std::numeric_limits<int>::max()));
}

std::string JoinProtocols(const std::vector<std::string>& protocols) {
  std::string joined;  // tokens cannot contain ',' (validated by the core)
  for (const std::string& protocol : protocols) joined += (joined.empty() ? "" : ",") + protocol;
  return joined;
}

}  // namespace

OpenedTransport BrowserTransportFactory::Open(const TransportRequest& request,
                                              TransportEvents& events) {
  const PongCandidates& pong = request.pong_candidates;
  const int handle = wxs_socket_open(
      request.url.c_str(), JoinProtocols(request.protocols).c_str(), &events, request.lane,
      core_id_, request.task_id, request.max_message_bytes, request.reads_every_message,
      ClampToInt(pong.min_utf16_units()), ClampToInt(pong.max_utf16_units()),
      pong.shape == PongCandidates::Shape::kJsonObject);
  if (handle == 0) {
    char message[256];
    wxs_socket_copy_last_error(message, sizeof(message));
    return {nullptr, message};
  }
  return {std::make_unique<BrowserTransport>(handle, core_id_, request.task_id), {}};
}

int BrowserTransportFactory::LiveHandles() { return wxs_socket_live_handles(); }

}  // namespace wxs
