#include "resilience_options.h"

#include <limits>

#include "json_text.h"
#include "timers.h"

namespace wxs {
namespace {

constexpr double kMaxCount = std::numeric_limits<int>::max();

// `true`/`false` toggle the feature; an object enables it and is read by the caller. Returns
// true when the caller should read fields.
bool ReadToggle(Params& params, std::string_view key, bool& enabled) {
  const std::string type = params.TypeOf(key);
  if (type == "Undefined") return false;
  if (type == "Boolean") {
    enabled = params.Boolean(key).value_or(false);
    return false;
  }
  if (type != "Object") {
    params.RejectType(key, "Boolean or Object");
    return false;
  }
  enabled = true;
  return true;
}

std::string Field(std::string_view group, std::string_view name) {
  return std::string(group) + "." + std::string(name);
}

void ReadQueue(Params& params, QueueOptions& queue) {
  if (!ReadToggle(params, "queue", queue.enabled)) return;
  if (auto count = params.NumberIn("queue.maxMessages", 1, kMaxCount, "a positive count")) {
    queue.max_messages = static_cast<std::size_t>(*count);
  }
  if (auto bytes = params.ByteCount("queue.maxBytes")) queue.max_bytes = *bytes;
  if (auto bytes = params.ByteCount("queue.highWaterMark")) queue.high_water_mark = *bytes;
  if (auto overflow = params.String("queue.overflow")) {
    if (*overflow == "reject-newest") {
      queue.overflow = QueueOptions::Overflow::kRejectNewest;
    } else if (*overflow == "drop-oldest") {
      queue.overflow = QueueOptions::Overflow::kDropOldest;
    } else {
      params.Reject("queue.overflow", "should be \"reject-newest\" or \"drop-oldest\"");
    }
  }
  if (auto ttl =
          params.NumberIn("queue.ttlMs", 0, kMaxDurationMs, "a number of milliseconds (0: none)")) {
    queue.ttl_ms = *ttl;
  }
}

void ReadHeartbeat(Params& params, HeartbeatOptions& heartbeat) {
  if (!ReadToggle(params, "heartbeat", heartbeat.enabled)) return;
  const auto ms = [&](std::string_view name, double& into) {
    if (auto value = params.NumberIn(Field("heartbeat", name), 1, kMaxDurationMs,
                                     "a positive number of milliseconds")) {
      into = *value;
    }
  };
  ms("intervalMs", heartbeat.interval_ms);
  ms("timeoutMs", heartbeat.timeout_ms);
  ms("probeTimeoutMs", heartbeat.probe_timeout_ms);
  // Dispatch on the JSON value, not the type name: a tagged String (a boxed string) has the
  // name but no text.
  const nlohmann::json* ping = params.Raw("heartbeat.ping");
  const std::string ping_type = params.TypeOf("heartbeat.ping");
  if (ping != nullptr && ping->is_string()) {
    heartbeat.ping = ping->get<std::string>();
  } else if (ping_type == "Object" || ping_type == "Array") {
    heartbeat.ping = DumpJson(*ping);
  } else if (ping_type != "Undefined") {
    params.RejectType("heartbeat.ping", "String or Object");
  }
  const nlohmann::json* pong = params.Raw("heartbeat.pong");
  const std::string pong_type = params.TypeOf("heartbeat.pong");
  if (pong != nullptr && pong->is_string()) {
    heartbeat.pong_text = pong->get<std::string>();
    heartbeat.pong_fields = nullptr;
  } else if (pong_type == "Object") {
    heartbeat.pong_fields = *pong;
  } else if (pong_type != "Undefined") {
    params.RejectType("heartbeat.pong", "String or Object");
  }
}

// finalCodes: numbers, or [low, high] pairs for ranges.
void ReadFinalCodes(Params& params, ClosePolicy& policy) {
  const nlohmann::json* codes = params.Raw("reconnect.finalCodes");
  if (codes == nullptr) return;
  if (!codes->is_array()) {
    params.RejectType("reconnect.finalCodes", "Array");
    return;
  }
  // Whole numbers only: a close code 1000.5 matches nothing a server can send.
  const auto is_code = [](const nlohmann::json& v) {
    return v.is_number_integer() && v.get<double>() >= 1000 && v.get<double>() <= 4999;
  };
  policy.final_codes.clear();
  for (const nlohmann::json& entry : *codes) {
    if (is_code(entry)) {
      const int code = entry.get<int>();
      policy.final_codes.emplace_back(code, code);
    } else if (entry.is_array() && entry.size() == 2 && is_code(entry[0]) && is_code(entry[1]) &&
               entry[0].get<int>() <= entry[1].get<int>()) {
      policy.final_codes.emplace_back(entry[0].get<int>(), entry[1].get<int>());
    } else {
      params.Reject("reconnect.finalCodes",
                    "should hold close codes (1000-4999) or [low, high] ranges of them");
      return;
    }
  }
}

void ReadReconnect(Params& params, ReconnectOptions& reconnect) {
  if (!ReadToggle(params, "reconnect", reconnect.enabled)) return;
  // The backoff doubles this delay: 0 would make every attempt immediate, in step with every
  // other task.
  if (auto min = params.NumberIn("reconnect.minDelayMs", 1, kMaxDurationMs,
                                 "a positive number of milliseconds")) {
    reconnect.backoff.min_delay_ms = *min;
  }
  if (auto max =
          params.NumberIn("reconnect.maxDelayMs", 0, kMaxDurationMs, "a number of milliseconds")) {
    reconnect.backoff.max_delay_ms = *max;
  }
  if (reconnect.backoff.max_delay_ms < reconnect.backoff.min_delay_ms) {
    params.Reject("reconnect.maxDelayMs", "should not be below reconnect.minDelayMs");
  }
  if (auto attempts =
          params.NumberIn("reconnect.maxAttempts", 0, kMaxCount, "a count (0: unlimited)")) {
    reconnect.max_attempts = static_cast<int>(*attempts);
  }
  if (auto uptime =
          params.NumberIn("reconnect.minUptimeMs", 0, kMaxDurationMs, "a number of milliseconds")) {
    reconnect.min_uptime_ms = *uptime;
  }
  ReadFinalCodes(params, reconnect.close_policy);
}

}  // namespace

void ReadResilienceOptions(Params& params, ResilienceOptions& into) {
  ReadQueue(params, into.queue);
  ReadHeartbeat(params, into.heartbeat);
  ReadReconnect(params, into.reconnect);
}

}  // namespace wxs
