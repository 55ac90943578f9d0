// The send queue on its own: bounds, overflow policies, time-to-live, and one outcome each.
#include "send_queue.h"

#include <catch2/catch.hpp>
#include <map>

#include "virtual_time.h"

using namespace wxs;
using namespace wxs::testing;

namespace {

struct QueueHarness {
  explicit QueueHarness(QueueOptions options)
      : queue(options, time, time, [this](MessageId id, std::string_view err_msg) {
          outcomes[id].push_back(std::string(err_msg));
        }) {}

  MessageId Push(std::string_view text) { return queue.Push(Payload{PayloadKind::kText, text}).id; }
  std::vector<std::string> FlushAll() {
    std::vector<std::string> sent;
    queue.Flush([&](Payload message) {
      sent.emplace_back(message.bytes);
      return true;
    });
    return sent;
  }

  VirtualTime time;
  std::map<MessageId, std::vector<std::string>> outcomes;
  SendQueue queue;
};

QueueOptions Options(std::size_t max_messages, std::size_t max_bytes,
                     QueueOptions::Overflow overflow = QueueOptions::Overflow::kRejectNewest,
                     double ttl_ms = 0) {
  QueueOptions options;
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
  REQUIRE(h.queue.size() == 3);
  REQUIRE(h.queue.bytes() == 3);
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
  h.queue.Flush([&](Payload) { return ++accepted <= 1; });
  REQUIRE(h.queue.size() == 2);
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
    REQUIRE(h.queue.size() == 1);  // nothing was dropped for a message that could never fit
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
  REQUIRE(h.queue.size() == 1);
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
