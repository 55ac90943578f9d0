// The core of one wx object, behind its id (bindings.cpp): the TaskManager wired to the browser
// adapters. Its methods take and return plain values (JSON text, strings, numbers).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "browser_timers.h"
#include "browser_transport.h"
#include "js_event_sink.h"
#include "task_manager.h"

namespace wxs {

class WxCore {
 public:
  // An invalid config leaves the defaults in place and is reported by config_error().
  // Events go to the JS sink registered under `core_id` (js_event_sink.h).
  WxCore(int core_id, std::string_view config_wire_json);
  ~WxCore() { std::free(scratch_); }
  WxCore(const WxCore&) = delete;
  WxCore& operator=(const WxCore&) = delete;

  int id() const { return core_id_; }
  const std::string& config_error() const { return config_error_; }
  ConnectResult Connect(std::string_view options_wire_json);
  // A STOMP body: the web layer writes it (UTF-8 via TextEncoder.encodeInto, or bytes via a
  // memcpy) into this buffer, which WxCore owns and reuses, then calls StompSendScratch. No
  // listener runs inside a send, so no other send can reuse the buffer while one uses it.
  // Returns the buffer's address in wasm memory, or 0 when wasm memory cannot hold `capacity`
  // bytes (a send of that length then fails).
  std::uintptr_t Scratch(std::size_t capacity);
  // The app's send of `size` bytes that JS keeps (web/send.mjs): they never enter wasm memory.
  // Text may be Payload::kUnmeasured: the browser measures it as it sends it.
  // 0: sent; > 0: queued with that message id (the outcome follows); -1: failed, see
  // last_send_error(); -2: nothing done, send again with the size (SendResult::size_needed).
  double Send(int task_id, bool is_text, bool outcome_awaited, bool timers_may_lag,
              std::size_t size);
  const std::string& last_send_error() const { return last_send_error_; }
  std::string SendOkMessage() const;
  // The errMsg for a send argument the web layer could not send as it is.
  std::string RejectSend(std::string_view options_wire_json);
  std::string Close(int task_id, std::string_view options_wire_json);

  // wx.connectStomp and its client's calls (web/stomp-client.mjs); `call_wire_json` is
  // client.subscribe's / client.send's {destination, headers} (stomp_call.h). Each gives its
  // errMsg in `err_msg`.
  ConnectResult ConnectStomp(std::string_view options_wire_json);
  // The subscription id, 0 when refused.
  double StompSubscribe(int task_id, std::string_view call_wire_json, std::string& err_msg);
  std::string StompUnsubscribe(int task_id, double subscription);
  // The SEND of the scratch buffer's first `length` bytes: 0 settled (err_msg says how), or the
  // id whose outcome comes as an event.
  double StompSendScratch(int task_id, std::string_view call_wire_json, bool is_text,
                          std::size_t length, std::string& err_msg);
  std::string StompAck(int task_id, std::string_view ack_id, double connection, bool nack);
  // Empty when accepted: the outcome comes as an event.
  std::string StompDisconnect(int task_id);

  int ReadyStateOf(int task_id) const;
  std::string StatsJson(int task_id) const { return manager_.StatsJson(task_id); }
  double BufferedAmountOf(int task_id) const {
    return static_cast<double>(manager_.BufferedAmountOf(task_id));
  }
  void ProbeAll() { manager_.ProbeAll(); }
  int legacy_task_id() const { return manager_.legacy_task_id(); }
  int held_tasks() const { return static_cast<int>(manager_.held_tasks()); }

 private:
  const int core_id_;
  JsEventSink sink_;
  BrowserClock clock_;
  BrowserRandom random_;
  BrowserTimers timers_;
  BrowserTransportFactory transports_;
  std::string config_error_;
  // malloc'ed, not a vector: operator new aborts the module when memory runs out.
  char* scratch_ = nullptr;
  std::size_t scratch_size_ = 0;
  std::string last_send_error_;
  TaskManager manager_;  // last: destroyed first, while the adapters it uses still exist
};

}  // namespace wxs
