// The send queue on its own: bounds, overflow policies, time-to-live, the written/unwritten
// bookkeeping, and one outcome each.
#include "send_queue.h"

#include <catch2/catch.hpp>
#include <map>

#include "virtual_time.h"

using namespace wxs;
using namespace wxs::testing;

namespace {

struct QueueHarness {
  explicit QueueHarness(QueueOptions options)
      : queue(
            options, time, time, stream_bytes,
            [this](MessageId id, std::string_view err_msg) {
              outcomes[id].push_back(std::string(err_msg));
              order.push_back(id);
            },
            [] {}) {}

  MessageId Push(std::string_view text) { return queue.Push(Payload{PayloadKind::kText, text}).id; }
  // Hands over what the queue lets go (the socket accepts all) and returns those texts.
  std::vector<std::string> Flush() {
    const std::size_t before = sent.size();
    queue.Flush(socket);
    return {sent.begin() + static_cast<std::ptrdiff_t>(before), sent.end()};
  }
  // Hands over and lets the browser write everything: every message handed over succeeds.
  std::vector<std::string> FlushAll() {
    std::vector<std::string> flushed;
    for (std::vector<std::string> more = Flush(); !more.empty(); more = Flush()) {
      flushed.insert(flushed.end(), more.begin(), more.end());
      queue.ConfirmWritten(stream_bytes);
    }
    return flushed;
  }

  std::uint64_t stream_bytes = 0;  // the connection's byte stream so far
  std::vector<std::string> sent;
  SendQueue::HandOverFn socket = [this](Payload message) {
    sent.emplace_back(message.bytes);
    stream_bytes += message.bytes.size();
    return message.bytes.size();
  };
  VirtualTime time;
  std::map<MessageId, std::vector<std::string>> outcomes;
  std::vector<MessageId> order;  // of the outcomes
  SendQueue queue;
};

QueueOptions Options(std::size_t max_messages, std::size_t max_bytes,
                     QueueOptions::Overflow overflow = QueueOptions::Overflow::kRejectNewest,
                     double ttl_ms = 0, std::size_t high_water_mark = 1 << 16) {
  QueueOptions options;
  options.high_water_mark = high_water_mark;
  options.enabled = true;
  options.max_messages = max_messages;
  options.max_bytes = max_bytes;
  options.overflow = overflow;
  options.ttl_ms = ttl_ms;
  return options;
}

const std::vector<std::string> kOk = {"sendSocketMessage:ok"};

}  // namespace

TEST_CASE("flush sends in order and each message succeeds once", "[queue]") {
  QueueHarness h(Options(10, 1000));
  const MessageId a = h.Push("a"), b = h.Push("b"), c = h.Push("c");
  REQUIRE(h.queue.waiting_size() == 3);
  REQUIRE(h.queue.waiting_bytes() == 3);
  REQUIRE(h.FlushAll() == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(h.outcomes[a] == kOk);
  REQUIRE(h.outcomes[b] == kOk);
  REQUIRE(h.outcomes[c] == kOk);
  REQUIRE(h.queue.empty());
  REQUIRE(h.FlushAll().empty());
  REQUIRE(h.outcomes.size() == 3);
}

TEST_CASE("a flush stops at the first refused message, which stays first", "[queue]") {
  QueueHarness h(Options(10, 1000));
  h.Push("a");
  const MessageId b = h.Push("b");
  h.Push("c");
  int accepted = 0;
  h.queue.Flush([&](Payload) {
    h.stream_bytes = 1;
    return ++accepted <= 1 ? std::size_t{1} : Transport::kRefused;
  });
  h.queue.ConfirmWritten(1);
  REQUIRE(h.queue.waiting_size() == 2);
  REQUIRE(h.outcomes.count(b) == 0);
  REQUIRE(h.FlushAll() == std::vector<std::string>{"b", "c"});
  REQUIRE(h.outcomes[b] == kOk);
}

TEST_CASE("reject-newest: a full queue refuses the new message, by count or by bytes", "[queue]") {
  QueueHarness h(Options(2, 10));
  REQUIRE(h.Push("12345") != 0);
  REQUIRE(h.Push("1234") != 0);
  const SendQueue::PushResult by_count = h.queue.Push(Payload{PayloadKind::kText, "x"});
  REQUIRE(by_count.id == 0);
  REQUIRE(by_count.err_msg ==
          "sendSocketMessage:fail queue is full (2 messages, 9 bytes); overflow is reject-newest");
  QueueHarness bytes(Options(100, 10));
  bytes.Push("123456789");
  REQUIRE(bytes.queue.Push(Payload{PayloadKind::kBinary, "ab"}).id == 0);
  REQUIRE(bytes.outcomes.empty());  // refused messages get their answer at once, not later
}

TEST_CASE("drop-oldest: the oldest messages fail to make room", "[queue]") {
  QueueHarness h(Options(2, 1000, QueueOptions::Overflow::kDropOldest));
  const MessageId a = h.Push("a");
  const MessageId b = h.Push("b");
  const MessageId c = h.Push("c");
  REQUIRE(c != 0);
  REQUIRE(h.outcomes[a] ==
          std::vector<std::string>{"sendSocketMessage:fail dropped from a full queue (overflow is "
                                   "drop-oldest)"});
  REQUIRE(h.queue.dropped() == 1);
  REQUIRE(h.FlushAll() == std::vector<std::string>{"b", "c"});
  REQUIRE(h.outcomes[b] == kOk);
}

TEST_CASE("a message larger than maxBytes is refused under either policy", "[queue]") {
  for (auto overflow :
       {QueueOptions::Overflow::kRejectNewest, QueueOptions::Overflow::kDropOldest}) {
    QueueHarness h(Options(10, 4, overflow));
    h.Push("ab");
    const SendQueue::PushResult pushed = h.queue.Push(Payload{PayloadKind::kText, "abcde"});
    REQUIRE(pushed.id == 0);
    REQUIRE(pushed.err_msg ==
            "sendSocketMessage:fail message of 5 bytes is larger than queue.maxBytes 4");
    REQUIRE(h.queue.waiting_size() == 1);  // nothing was dropped for a message that could never fit
  }
}

TEST_CASE("messages expire after their time-to-live, by timer and at flush", "[queue]") {
  QueueHarness h(Options(10, 1000, QueueOptions::Overflow::kRejectNewest, 1000));
  const MessageId old = h.Push("old");
  h.time.Advance(600);
  const MessageId fresh = h.Push("fresh");
  h.time.Advance(400);
  REQUIRE(h.outcomes[old] ==
          std::vector<std::string>{"sendSocketMessage:fail expired in the queue after 1000 ms"});
  REQUIRE(h.queue.expired() == 1);
  REQUIRE(h.queue.waiting_size() == 1);
  h.time.Advance(599);
  REQUIRE(h.FlushAll() == std::vector<std::string>{"fresh"});
  REQUIRE(h.outcomes[fresh] == kOk);
  h.time.Advance(10000);
  REQUIRE(h.outcomes[fresh] == kOk);  // no second outcome from a stale timer
}

TEST_CASE("FailAll gives every waiting message its failure", "[queue]") {
  QueueHarness h(Options(10, 1000, QueueOptions::Overflow::kRejectNewest, 500));
  const MessageId a = h.Push("a"), b = h.Push("b");
  h.queue.FailAll("closed");
  REQUIRE(h.outcomes[a] == std::vector<std::string>{"sendSocketMessage:fail closed"});
  REQUIRE(h.outcomes[b] == std::vector<std::string>{"sendSocketMessage:fail closed"});
  h.time.Advance(1000);
  REQUIRE(h.outcomes[a].size() == 1);
  REQUIRE(h.time.pending_count() == 0);
}

TEST_CASE("a message succeeds once the bytes written reach its end, not when handed over",
          "[queue]") {
  QueueHarness h(Options(10, 1000));
  const MessageId a = h.Push("aaa"), b = h.Push("bb"), c = h.Push("c");
  REQUIRE(h.Flush() == std::vector<std::string>{"aaa", "bb", "c"});  // offsets end at 3, 5, 6
  REQUIRE(h.outcomes.empty());
  REQUIRE(h.queue.unwritten_size() == 3);
  REQUIRE(h.queue.unwritten_bytes() == 6);
  for (std::uint64_t written = 0; written <= 6; ++written) {
    h.queue.ConfirmWritten(written);
    REQUIRE(h.outcomes.count(a) == (written >= 3 ? 1u : 0u));
    REQUIRE(h.outcomes.count(b) == (written >= 5 ? 1u : 0u));
    REQUIRE(h.outcomes.count(c) == (written >= 6 ? 1u : 0u));
  }
  REQUIRE(h.outcomes[a] == kOk);
  REQUIRE(h.queue.empty());
}

TEST_CASE("a cut at any offset: written messages succeed, the rest wait again in order",
          "[queue]") {
  for (std::uint64_t cut = 0; cut <= 6; ++cut) {
    QueueHarness h(Options(10, 1000));
    const MessageId a = h.Push("aaa"), b = h.Push("bb");
    h.Flush();
    const MessageId c = h.Push("c");  // sent while the others are unwritten: waits behind them
    h.queue.ReturnUnwritten(cut);
    const std::vector<std::string> expected_waiting =
        cut >= 5   ? std::vector<std::string>{"c"}
        : cut >= 3 ? std::vector<std::string>{"bb", "c"}
                   : std::vector<std::string>{"aaa", "bb", "c"};
    REQUIRE(h.queue.unwritten_size() == 0);
    REQUIRE(h.queue.waiting_size() == expected_waiting.size());
    h.stream_bytes = 0;  // the next connection
    REQUIRE(h.FlushAll() == expected_waiting);
    for (MessageId id : {a, b, c}) REQUIRE(h.outcomes[id] == kOk);  // once each
  }
}

TEST_CASE("a message handed over at once is unwritten, and returns ahead of the waiting ones",
          "[queue]") {
  QueueHarness h(Options(10, 1000));
  const MessageId direct = h.queue.HandOver(Payload{PayloadKind::kText, "direct"}, h.socket);
  REQUIRE(direct != 0);
  REQUIRE(h.queue.unwritten_size() == 1);
  const MessageId queued = h.Push("queued");
  REQUIRE(queued == direct + 1);
  REQUIRE(h.queue.HandOver(Payload{PayloadKind::kText, "refused"},
                           [](Payload) { return Transport::kRefused; }) == 0);
  h.queue.ReturnUnwritten(0);
  h.stream_bytes = 0;
  h.sent.clear();
  REQUIRE(h.FlushAll() == std::vector<std::string>{"direct", "queued"});
  REQUIRE(h.outcomes[direct] == kOk);
  REQUIRE(h.outcomes[queued] == kOk);
}

TEST_CASE("highWaterMark: waiting messages go out only while the unwritten bytes leave room",
          "[queue]") {
  QueueHarness h(Options(10, 1000, QueueOptions::Overflow::kRejectNewest, 0, 5));
  for (const char* text : {"123", "45", "6", "7890123"}) h.Push(text);
  REQUIRE(h.Flush() == std::vector<std::string>{"123", "45"});  // 5 bytes unwritten: full
  REQUIRE(h.Flush().empty());
  h.queue.ConfirmWritten(3);
  REQUIRE(h.Flush() == std::vector<std::string>{"6"});  // 2 + 1 fit, 2 + 1 + 7 do not
  h.queue.ConfirmWritten(6);
  // Larger than the mark on its own: it still goes once nothing is unwritten.
  REQUIRE(h.Flush() == std::vector<std::string>{"7890123"});
  REQUIRE(h.queue.waiting_size() == 0);
}

TEST_CASE("FailAll fails the unwritten messages before the waiting ones", "[queue]") {
  QueueHarness h(Options(10, 1000));
  const MessageId a = h.Push("a");
  h.Flush();
  const MessageId b = h.Push("b");
  h.queue.FailAll("closed");
  REQUIRE(h.order == std::vector<MessageId>{a, b});
  REQUIRE(h.outcomes[a] == std::vector<std::string>{"sendSocketMessage:fail closed"});
  REQUIRE(h.queue.empty());
}

namespace {

// What the platform does for a send nobody awaits that went around the core: the socket took it,
// then the queue takes it in under the next id (its payload kept by the platform).
MessageId TakeHandedOver(QueueHarness& h, PayloadKind kind, std::size_t size) {
  const MessageId id = h.queue.next_id();
  h.stream_bytes += size;
  h.queue.TakeHandedOver(static_cast<std::uint32_t>(size) |
                         (kind == PayloadKind::kText ? SendQueue::kTextBit : 0));
  return id;
}

// What a flush hands over: a kept message as "<kind><id>:<size>", another as its bytes.
std::vector<std::string> FlushKept(QueueHarness& h) {
  std::vector<std::string> sent;
  h.queue.Flush([&](Payload message) {
    sent.push_back(!message.kept ? std::string(message.bytes)
                                 : (message.kind == PayloadKind::kText ? "t" : "b") +
                                       std::to_string(message.kept_id) + ":" +
                                       std::to_string(message.kept_size));
    h.stream_bytes += message.size();
    return message.size();
  });
  return sent;
}

}  // namespace

TEST_CASE("messages taken in as handed over settle as their bytes are written, with no outcome",
          "[queue]") {
  QueueHarness h(Options(10, 1000));
  const MessageId a = TakeHandedOver(h, PayloadKind::kText, 3);
  const MessageId b = TakeHandedOver(h, PayloadKind::kBinary, 2);
  REQUIRE(b == a + 1);
  REQUIRE(h.queue.unwritten_size() == 2);
  REQUIRE(h.queue.unwritten_bytes() == 5);
  REQUIRE(h.queue.oldest_unsettled_id() == a);
  h.queue.ConfirmWritten(4);
  REQUIRE(h.queue.oldest_unsettled_id() == b);
  REQUIRE(h.queue.unwritten_size() == 1);
  REQUIRE(h.queue.unwritten_bytes() == 2);
  // A message handed over through the queue ends after them, and settles after them.
  const MessageId c = h.queue.HandOver(Payload{PayloadKind::kText, "ccc"}, h.socket);
  REQUIRE(c == b + 1);
  h.queue.ConfirmWritten(7);
  REQUIRE(h.queue.oldest_unsettled_id() == c);
  REQUIRE(h.outcomes.empty());
  const MessageId d = TakeHandedOver(h, PayloadKind::kText, 1);  // ends at 9, after c's 8
  h.queue.ConfirmWritten(8);
  REQUIRE(h.outcomes[c] == kOk);
  REQUIRE(h.queue.oldest_unsettled_id() == d);
  REQUIRE(h.queue.has_unwritten());
  h.queue.ConfirmWritten(9);
  REQUIRE(h.queue.empty());
  REQUIRE(h.queue.oldest_unsettled_id() == h.queue.next_id());
  REQUIRE(h.order == std::vector<MessageId>{c});  // the only one someone awaits
}

TEST_CASE("messages taken in as handed over wait again after a cut, in order, ahead of the rest",
          "[queue]") {
  for (std::uint64_t cut = 0; cut <= 6; ++cut) {
    QueueHarness h(Options(10, 1000));
    const MessageId a = TakeHandedOver(h, PayloadKind::kText, 3);
    const MessageId b = TakeHandedOver(h, PayloadKind::kBinary, 2);
    // A kept send nobody awaits, handed over through the queue, joins them.
    Payload kept = Payload::Kept(PayloadKind::kText, 1);
    kept.outcome_awaited = false;
    const MessageId c = h.queue.HandOver(kept, [&](Payload) {
      h.stream_bytes += 1;
      return std::size_t{1};
    });
    REQUIRE(c == b + 1);
    const MessageId waiting = h.Push("w");
    h.queue.ReturnUnwritten(cut);
    std::vector<std::string> expected = {"t" + std::to_string(a) + ":3",
                                         "b" + std::to_string(b) + ":2",
                                         "t" + std::to_string(c) + ":1"};
    expected.erase(expected.begin(), expected.begin() + (cut >= 6 ? 3 : cut >= 5 ? 2 : cut >= 3));
    REQUIRE(h.queue.unwritten_size() == 0);
    REQUIRE(h.queue.waiting_size() == expected.size() + 1);
    REQUIRE(h.queue.waiting_bytes() == 1 + 6 - (cut >= 6 ? 6 : cut >= 5 ? 5 : cut >= 3 ? 3 : 0));
    h.stream_bytes = 0;       // the next connection
    expected.push_back("w");  // the kept ones go first, under their ids
    REQUIRE(FlushKept(h) == expected);
    h.queue.ConfirmWritten(h.stream_bytes);
    REQUIRE(h.queue.empty());
    REQUIRE(h.order == std::vector<MessageId>{waiting});
  }
}

TEST_CASE("a message taken in as handed over fails with the rest when the task closes", "[queue]") {
  QueueHarness h(Options(10, 1000));
  TakeHandedOver(h, PayloadKind::kText, 3);
  const MessageId waiting = h.Push("w");
  h.queue.FailAll("closed");
  REQUIRE(h.queue.empty());
  REQUIRE(h.queue.oldest_unsettled_id() == h.queue.next_id());
  REQUIRE(h.order == std::vector<MessageId>{waiting});  // nobody awaits the other
}

TEST_CASE("with a TTL, a message taken in as handed over that waits again expires by its send",
          "[queue]") {
  QueueHarness h(Options(10, 1000, QueueOptions::Overflow::kRejectNewest, 100));
  TakeHandedOver(h, PayloadKind::kText, 3);
  h.time.Advance(60);
  h.queue.ReturnUnwritten(0);
  REQUIRE(h.queue.waiting_size() == 1);
  h.time.Advance(50);
  REQUIRE(h.queue.expired() == 1);
  REQUIRE(h.queue.empty());
}

TEST_CASE("a long run the browser stays behind settles every message once, in order", "[queue]") {
  QueueHarness h(Options(10, 1000));
  const MessageId first = h.queue.next_id();
  for (int i = 0; i < 5000; ++i) TakeHandedOver(h, PayloadKind::kBinary, 1);
  h.queue.ConfirmWritten(4500);
  REQUIRE(h.queue.oldest_unsettled_id() == first + 4500);
  // Past 4096 settled ones the run gives the rest list entries and a new run follows them (a
  // bound on its memory, which the queue's interface does not show): nothing may be lost or
  // reordered across that.
  for (int i = 0; i < 10; ++i) TakeHandedOver(h, PayloadKind::kText, 2);
  REQUIRE(h.queue.oldest_unsettled_id() == first + 4500);
  REQUIRE(h.queue.unwritten_size() == 510);
  REQUIRE(h.queue.unwritten_bytes() == 520);
  h.queue.ConfirmWritten(5001);
  REQUIRE(h.queue.oldest_unsettled_id() == first + 5000);
  h.queue.ReturnUnwritten(5003);  // the second text is cut
  REQUIRE(h.queue.waiting_size() == 9);
  REQUIRE(h.queue.oldest_unsettled_id() == first + 5001);
  h.stream_bytes = 0;
  const std::vector<std::string> resent = FlushKept(h);
  REQUIRE(resent.size() == 9);
  REQUIRE(resent.front() == "t" + std::to_string(first + 5001) + ":2");
  REQUIRE(resent.back() == "t" + std::to_string(first + 5009) + ":2");
  REQUIRE(h.outcomes.empty());
}

TEST_CASE("bytes between messages taken in as handed over (a ping) count in their offsets",
          "[queue]") {
  QueueHarness h(Options(10, 1000));
  const MessageId a = TakeHandedOver(h, PayloadKind::kText, 3);    // 0..3
  h.stream_bytes += 4;                                             // a ping: 3..7
  const MessageId b = TakeHandedOver(h, PayloadKind::kBinary, 2);  // 7..9
  h.queue.ConfirmWritten(8);
  REQUIRE(h.queue.oldest_unsettled_id() == b);
  h.queue.ReturnUnwritten(8);
  h.stream_bytes = 0;
  REQUIRE(FlushKept(h) == std::vector<std::string>{"b" + std::to_string(b) + ":2"});
  REQUIRE(b == a + 1);
}

TEST_CASE("a kept send from an outcome reported as a connection drops waits for the next one",
          "[queue]") {
  VirtualTime time;
  std::uint64_t stream_bytes = 0;
  const SendQueue::HandOverFn socket = [&](Payload message) {
    stream_bytes += message.size();
    return message.size();
  };
  // A listener that sends at once (natively nothing defers it), nobody awaiting it.
  struct Listener {
    SendQueue* queue = nullptr;
    const SendQueue::HandOverFn* socket = nullptr;
    MessageId sent = 0;
  } listener;
  SendQueue queue(
      Options(10, 1000), time, time, stream_bytes,
      [&listener](MessageId, std::string_view) {
        Payload kept = Payload::Kept(PayloadKind::kText, 1);
        kept.outcome_awaited = false;
        if (!listener.sent) listener.sent = listener.queue->HandOver(kept, *listener.socket);
      },
      [] {});
  listener.queue = &queue;
  listener.socket = &socket;
  queue.AwaitServerAnswers(true);
  queue.HandOver(Payload{PayloadKind::kText, "abc"}, socket);  // awaited
  queue.ConfirmWritten(3);                                     // written, awaiting an answer
  queue.ReturnUnwritten(3);  // fails it as maybe received: its listener sends
  REQUIRE(listener.sent != 0);
  REQUIRE(queue.waiting_size() == 1);
  REQUIRE_FALSE(queue.has_unwritten());
  REQUIRE(queue.unwritten_bytes() == 0);
  REQUIRE(queue.oldest_unsettled_id() == listener.sent);
}
