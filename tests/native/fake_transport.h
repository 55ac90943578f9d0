// A transport the test drives by hand: it records what the core sent and closed, and lets the
// test play the server (open, message, error, close).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "transport.h"

namespace wxs::testing {

struct FakeConnection {
  TransportRequest request;
  TransportEvents* events = nullptr;
  bool attached = true;       // false once the core destroyed its transport
  bool refuse_sends = false;  // plays a socket the browser already considers closed
  // The browser's send buffer: what was sent and not yet written. With `holds_writes`, it only
  // drains when the test calls Write(); otherwise everything is written at once.
  bool holds_writes = false;
  std::uint64_t buffered = 0;
  mutable int buffered_reads = 0;  // how often the core looked at the buffer
  void Write(std::uint64_t bytes) { buffered -= std::min(bytes, buffered); }
  std::vector<std::pair<PayloadKind, std::string>> sent;
  // What a kept payload the core passed unmeasured turns out to be, as the browser measures it.
  std::size_t unmeasured_size = 0;
  std::optional<std::pair<int, std::string>> close_call;
};

class FakeTransportFactory final : public TransportFactory {
 public:
  OpenedTransport Open(const TransportRequest& request, TransportEvents& events) override {
    if (refuse_with_) {
      OpenedTransport refused{nullptr, *refuse_with_};
      refuse_with_.reset();
      return refused;
    }
    FakeConnection& connection = connections_.emplace_back();
    connection.request = request;
    connection.events = &events;
    return {std::make_unique<FakeTransport>(connection), {}};
  }

  // The next Open() fails the way `new WebSocket` throwing would.
  void RefuseNext(std::string error) { refuse_with_ = std::move(error); }

  FakeConnection& connection(std::size_t index) { return connections_.at(index); }
  FakeConnection& last() { return connections_.back(); }
  std::size_t opened() const { return connections_.size(); }
  std::size_t attached() const {
    std::size_t count = 0;
    for (const auto& connection : connections_) count += connection.attached ? 1 : 0;
    return count;
  }

 private:
  class FakeTransport final : public Transport {
   public:
    explicit FakeTransport(FakeConnection& connection) : connection_(connection) {}
    ~FakeTransport() override { connection_.attached = false; }
    std::size_t Send(Payload message) override {
      if (connection_.refuse_sends) return kRefused;
      const std::size_t size =
          message.size() == Payload::kUnmeasured ? connection_.unmeasured_size : message.size();
      // A payload the platform keeps is named by its id: "kept #3 (5 B)" (#0: the send under way).
      connection_.sent.emplace_back(message.kind, message.kept
                                                      ? "kept #" + std::to_string(message.kept_id) +
                                                            " (" + std::to_string(size) + " B)"
                                                      : std::string(message.bytes));
      if (connection_.holds_writes) connection_.buffered += size;
      return size;
    }
    std::uint64_t BufferedAmount() const override {
      ++connection_.buffered_reads;
      return connection_.buffered;
    }
    void Close(int code, std::string_view reason) override {
      connection_.close_call = {code, std::string(reason)};
    }

   private:
    FakeConnection& connection_;
  };

  std::deque<FakeConnection> connections_;  // a deque keeps references stable
  std::optional<std::string> refuse_with_;
};

}  // namespace wxs::testing
