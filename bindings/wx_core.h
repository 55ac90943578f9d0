// The one object JS holds per wx: the TaskManager wired to the browser adapters. Its methods
// take and return plain values (JSON text, strings, numbers), so no other handle reaches JS.
#pragma once

#include <emscripten/val.h>

#include <string>

#include "browser_timers.h"
#include "browser_transport.h"
#include "js_event_sink.h"
#include "task_manager.h"

namespace wxs {

class WxCore {
 public:
  // An invalid config leaves the defaults in place and is reported by config_error().
  WxCore(emscripten::val sink, const std::string& config_wire_json);

  const std::string& config_error() const { return config_error_; }
  ConnectResult Connect(const std::string& options_wire_json);
  // `utf8` arrives as bytes: the web layer encodes with TextEncoder before the call.
  SendResult SendText(int task_id, const std::string& utf8);
  SendResult SendBinary(int task_id, const std::string& bytes);
  // The errMsg for a send argument the web layer could not send as it is.
  std::string RejectSend(const std::string& options_wire_json);
  std::string Close(int task_id, const std::string& options_wire_json);
  int ReadyStateOf(int task_id) const;
  std::string StatsJson(int task_id) const { return manager_.StatsJson(task_id); }
  void ProbeAll() { manager_.ProbeAll(); }
  int legacy_task_id() const { return manager_.legacy_task_id(); }
  int held_tasks() const { return static_cast<int>(manager_.held_tasks()); }

 private:
  JsEventSink sink_;
  BrowserClock clock_;
  BrowserRandom random_;
  BrowserTimers timers_;
  BrowserTransportFactory transports_;
  std::string config_error_;
  TaskManager manager_;  // last: destroyed first, while the adapters it uses still exist
};

}  // namespace wxs
