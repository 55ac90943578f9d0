// Application-level liveness for one open connection (browsers cannot send protocol pings).
//
// A ping goes out every interval. After each ping, some inbound frame (the pong, or any other
// traffic) must arrive within the timeout, or the connection is declared dead. Deadlines are
// compared with the clock, not inferred from timer ticks: a tick that comes late (a throttled
// background tab, a laptop waking up) triggers a probe with the short probe timeout instead of
// trusting the time that passed, and Expired() lets a sender check a deadline its timer missed.
#pragma once

#include <cstdint>

#include "clock.h"
#include "inline_function.h"
#include "payload.h"
#include "resilience_options.h"
#include "timers.h"
#include "transport.h"

namespace wxs {

struct RoundTripStats {
  double last_ms = 0;
  double max_ms = 0;
  double total_ms = 0;
  std::uint64_t samples = 0;
  double average_ms() const { return samples == 0 ? 0 : total_ms / samples; }
};

class Heartbeat {
 public:
  struct Hooks {
    InlineFunction<bool(Payload)> send_ping;  // false when the transport refused it
    InlineFunction<void()> on_dead;           // only ever called from the heartbeat's timer
  };

  Heartbeat(const HeartbeatOptions& options, Timers& timers, const Clock& clock, Hooks hooks);

  void Start();  // the connection just opened
  // A protocol that negotiated its heart-beats (STOMP) instead: a ping every ping_every_ms
  // whatever else flows, and dead once nothing came in for silence_limit_ms (0 turns a side
  // off). Nothing is a pong and nothing is probed: the peer answers no ping. A check that runs
  // late (timers held back) gives what may be waiting in the event loop the probe timeout first.
  void StartNegotiated(double ping_every_ms, double silence_limit_ms);
  void Stop();  // the connection is gone
  // Every inbound frame proves life. Returns true when it is a pong (the app does not see it).
  bool OnInbound(Payload message);
  // Other proof that the link moves (bytes ahead of the ping left the browser): counts as an
  // answer, as inbound traffic does.
  void OnSignOfLife();
  // Pings now and expects an answer within the probe timeout (page visible, browser online).
  void Probe();
  // Pings now, for a pong that confirms what was sent before it (queued messages awaiting the
  // server's answer). Deadlines stay as they are: a link is still judged by the regular pings.
  void PingForAnswer();
  // Pings are answered by pongs (not negotiated heart-beats, where nothing answers).
  bool answers_pings() const { return running_ && !negotiated_; }
  // Whether the next inbound message changes anything here: a sign of life a ping waits for,
  // or the silence a negotiated heart-beat times. Only a ping sets it (through send_ping).
  bool watches_inbound() const { return running_ && (negotiated_ || awaiting_answer_); }
  // True when a ping's deadline has passed by the clock, even if its timer has not fired.
  bool Expired() const;
  // True when the next ping is overdue by more than the timeout: timers were held back.
  bool Overdue() const;
  // The deadline passed by the clock while its timer was held back: the timer reports the death
  // on its next tick, never from inside the caller (the app's send, whose listeners must not
  // run inside it).
  void ReportExpiredSoon();

  const RoundTripStats& round_trips() const { return round_trips_; }

  // The received texts that may be a pong under `options`: the transport passes these with
  // their bytes, and the others as their size only.
  static PongCandidates CandidatesFor(const HeartbeatOptions& options);

 private:
  bool IsPong(Payload message) const;
  void Ping(double answer_within_ms);
  void OnTimer();
  void ArmNegotiated();
  void OnNegotiatedTimer();

  const HeartbeatOptions options_;
  const Clock& clock_;
  Hooks hooks_;
  Timer timer_;
  bool running_ = false;
  bool awaiting_answer_ = false;  // a ping is out and nothing has come back since
  bool ping_unanswered_ = false;  // no pong yet for the last ping (for the RTT)
  double last_ping_ms_ = 0;
  double deadline_ms_ = 0;
  double next_ping_ms_ = 0;
  bool negotiated_ = false;
  double ping_every_ms_ = 0;
  double silence_limit_ms_ = 0;
  double last_inbound_ms_ = 0;
  double check_due_ms_ = 0;
  RoundTripStats round_trips_;
};

}  // namespace wxs
