// The opt-in extras of a task: send queue, heartbeat and reconnect. Each is off by default (the
// task then behaves exactly like WeChat's), defaultable in createWx(config) and overridable per
// connectSocket call: `true` turns a feature on with its defaults, an object sets fields, `false`
// turns it off.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "backoff.h"
#include "close_policy.h"
#include "params.h"

namespace wxs {

struct QueueOptions {
  enum class Overflow { kRejectNewest, kDropOldest };

  bool enabled = false;
  std::size_t max_messages = 1000;
  std::size_t max_bytes = 1 << 20;
  Overflow overflow = Overflow::kRejectNewest;
  double ttl_ms = 0;  // 0: messages wait as long as the task lives
  // Waiting messages are handed to the browser only while the unwritten ones hold less than this
  // many bytes: a backlog drains as the browser writes, and one cut meets at most this much.
  std::size_t high_water_mark = 1 << 16;
};

struct HeartbeatOptions {
  bool enabled = false;
  double interval_ms = 10000;
  double timeout_ms = 5000;
  double probe_timeout_ms = 2000;  // after the page becomes visible or the browser goes online
  std::string ping = "ping";       // sent as a text frame; an object option is sent as its JSON
  // A pong is a text frame equal to `pong_text`, or, when `pong_fields` is an object, a JSON
  // object text frame holding all of those fields with those values.
  std::string pong_text = "pong";
  nlohmann::json pong_fields;
};

struct ReconnectOptions {
  bool enabled = false;
  BackoffPolicy backoff;
  int max_attempts = 0;         // consecutive failed attempts before giving up; 0: never give up
  double min_uptime_ms = 5000;  // the backoff resets only after the connection stayed up this long
  ClosePolicy close_policy;
};

struct ResilienceOptions {
  QueueOptions queue;
  HeartbeatOptions heartbeat;
  ReconnectOptions reconnect;
};

// Reads the `queue`, `heartbeat` and `reconnect` fields of `params` over `into` (whose values
// are the defaults); errors are recorded in `params`.
void ReadResilienceOptions(Params& params, ResilienceOptions& into);

}  // namespace wxs
