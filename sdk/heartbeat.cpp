#include "heartbeat.h"

#include <algorithm>

#include "json_text.h"

namespace wxs {

Heartbeat::Heartbeat(const HeartbeatOptions& options, Timers& timers, const Clock& clock,
                     Hooks hooks)
    : options_(options), clock_(clock), hooks_(std::move(hooks)), timer_(timers) {}

void Heartbeat::Start() {
  negotiated_ = false;
  running_ = true;
  awaiting_answer_ = false;
  ping_unanswered_ = false;
  next_ping_ms_ = clock_.NowMs() + options_.interval_ms;
  timer_.Start(options_.interval_ms, [this] { OnTimer(); });
}

void Heartbeat::StartNegotiated(double ping_every_ms, double silence_limit_ms) {
  timer_.Stop();  // 0,0 stops the ping/pong mode started at open
  negotiated_ = true;
  running_ = true;
  awaiting_answer_ = false;
  ping_every_ms_ = ping_every_ms;
  silence_limit_ms_ = silence_limit_ms;
  last_inbound_ms_ = clock_.NowMs();
  next_ping_ms_ = last_inbound_ms_ + ping_every_ms;
  ArmNegotiated();
}

void Heartbeat::ArmNegotiated() {
  if (ping_every_ms_ <= 0 && silence_limit_ms_ <= 0) return;
  const double silent_until = last_inbound_ms_ + silence_limit_ms_;
  double due = ping_every_ms_ > 0 ? next_ping_ms_ : silent_until;
  if (silence_limit_ms_ > 0) due = std::min(due, silent_until);
  check_due_ms_ = due;
  timer_.Start(std::max(0.0, due - clock_.NowMs()), [this] { OnNegotiatedTimer(); });
}

void Heartbeat::OnNegotiatedTimer() {
  if (!running_) return;
  const double now = clock_.NowMs();
  if (silence_limit_ms_ > 0 && now >= last_inbound_ms_ + silence_limit_ms_) {
    if (now - check_due_ms_ <= options_.probe_timeout_ms) {
      running_ = false;
      hooks_.on_dead();
      return;
    }
    last_inbound_ms_ = now + options_.probe_timeout_ms - silence_limit_ms_;
  }
  if (ping_every_ms_ > 0 && now >= next_ping_ms_) {
    next_ping_ms_ = now + ping_every_ms_;
    if (!hooks_.send_ping(Payload{PayloadKind::kText, options_.ping})) return hooks_.on_dead();
  }
  ArmNegotiated();
}

void Heartbeat::Stop() {
  running_ = false;
  awaiting_answer_ = false;
  timer_.Stop();
}

bool Heartbeat::OnInbound(Payload message) {
  if (!running_) return false;
  if (negotiated_) {
    last_inbound_ms_ = clock_.NowMs();
    return false;
  }
  const bool pong = IsPong(message);
  if (pong && ping_unanswered_) {
    const double rtt = clock_.NowMs() - last_ping_ms_;
    round_trips_.last_ms = rtt;
    round_trips_.max_ms = std::max(round_trips_.max_ms, rtt);
    round_trips_.total_ms += rtt;
    ++round_trips_.samples;
    ping_unanswered_ = false;
  }
  OnSignOfLife();
  return pong;
}

void Heartbeat::OnSignOfLife() {
  if (!running_ || !awaiting_answer_) return;
  awaiting_answer_ = false;
  timer_.Start(std::max(0.0, next_ping_ms_ - clock_.NowMs()), [this] { OnTimer(); });
}

void Heartbeat::Probe() {
  if (!running_ || negotiated_) return;
  if (awaiting_answer_) {
    // A ping is out already: its send time stays the RTT start, and the probe may only bring
    // its deadline closer.
    const double now = clock_.NowMs();
    deadline_ms_ = std::min(deadline_ms_, now + options_.probe_timeout_ms);
    timer_.Start(deadline_ms_ - now, [this] { OnTimer(); });
    return;
  }
  Ping(options_.probe_timeout_ms);
}

void Heartbeat::PingForAnswer() {
  if (!answers_pings()) return;
  // Only a pong is asked for: liveness keeps its own schedule and deadlines.
  if (!hooks_.send_ping(Payload{PayloadKind::kText, options_.ping})) ReportExpiredSoon();
}

bool Heartbeat::Expired() const {
  return running_ && awaiting_answer_ && clock_.NowMs() >= deadline_ms_;
}

bool Heartbeat::Overdue() const {
  return running_ && !negotiated_ && !awaiting_answer_ &&
         clock_.NowMs() > next_ping_ms_ + options_.timeout_ms;
}

void Heartbeat::ReportExpiredSoon() {
  deadline_ms_ = std::min(deadline_ms_, clock_.NowMs());
  timer_.Start(0, [this] { OnTimer(); });
}

bool Heartbeat::IsPong(Payload message) const {
  // A message passed without its bytes is not a candidate (see CandidatesFor).
  if (message.kind != PayloadKind::kText || message.kept) return false;
  if (options_.pong_fields.is_object()) {
    // Only small JSON objects can be pongs: do not parse every large message.
    if (message.bytes.size() > PongCandidates::kMaxJsonObjectBytes || message.bytes.empty() ||
        message.bytes.front() != '{') {
      return false;
    }
    const nlohmann::json parsed = ParseJson(message.bytes);
    if (!parsed.is_object()) return false;
    for (const auto& [key, value] : options_.pong_fields.items()) {
      auto found = parsed.find(key);
      if (found == parsed.end() || *found != value) return false;
    }
    return true;
  }
  return message.bytes == options_.pong_text;
}

PongCandidates Heartbeat::CandidatesFor(const HeartbeatOptions& options) {
  if (!options.enabled) return {};
  if (options.pong_fields.is_object()) return {PongCandidates::Shape::kJsonObject, 0};
  return {PongCandidates::Shape::kText, options.pong_text.size()};
}

void Heartbeat::Ping(double answer_within_ms) {
  const double now = clock_.NowMs();
  last_ping_ms_ = now;
  next_ping_ms_ = now + options_.interval_ms;
  deadline_ms_ = now + answer_within_ms;
  awaiting_answer_ = true;
  ping_unanswered_ = true;
  timer_.Start(answer_within_ms, [this] { OnTimer(); });
  // A transport that refuses frames is dead: reported on the next tick, as Probe() may be
  // called from inside the app's send.
  if (!hooks_.send_ping(Payload{PayloadKind::kText, options_.ping})) ReportExpiredSoon();
}

void Heartbeat::OnTimer() {
  if (!running_) return;
  if (awaiting_answer_) {
    if (clock_.NowMs() >= deadline_ms_) {
      running_ = false;
      hooks_.on_dead();
    } else {
      timer_.Start(deadline_ms_ - clock_.NowMs(), [this] { OnTimer(); });
    }
    return;
  }
  // A tick far behind schedule means timers were held back: do not trust the quiet time, ask.
  Ping(Overdue() ? options_.probe_timeout_ms : options_.timeout_ms);
}

}  // namespace wxs
