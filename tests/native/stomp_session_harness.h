// A StompSession on a SocketTask over the fake transport, with virtual time: the test plays the
// broker (opens, sends frames, closes) and reads what the client wrote and reported.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness.h"
#include "socket_task.h"
#include "stomp/session.h"
#include "stomp/stomp_options.h"

namespace wxs::stomp::testing {

using wxs::testing::Events;

// The task's and the session's reports, in one sequence.
class Recorder final : public TaskListener, public SessionEvents {
 public:
  void OnTaskOpen(int, const OpenProfile&) override {}
  void OnTaskMessage(int, Payload message) override {
    events.push_back("task message " + std::string(message.bytes));
  }
  void OnTaskError(int, std::string_view err_msg) override {
    events.push_back("task error " + std::string(err_msg));
  }
  void OnTaskClose(int, int code, std::string_view reason) override {
    events.push_back("close " + std::to_string(code) + " " + std::string(reason));
  }
  void OnTaskSendOutcome(int, MessageId id, std::string_view err_msg) override {
    events.push_back("task outcome #" + std::to_string(id) + " " + std::string(err_msg));
  }
  void OnTaskKeptReleased(int, MessageId) override {}
  void OnTaskLifecycle(int, std::string_view kind, std::string_view) override {
    if (kind == "reconnecting" || kind == "reconnectFailed") events.push_back(std::string(kind));
  }

  void OnStompConnect(const Frame&) override { events.push_back("connect"); }
  void OnStompMessage(SubscriptionId subscription, const Frame& message,
                      std::uint32_t connection) override {
    last_message = message;
    last_connection = connection;
    events.push_back("message " + std::to_string(subscription) + " " + message.body);
  }
  void OnStompError(std::string_view message, const Frame* frame) override {
    events.push_back("error " + std::string(message) +
                     (frame != nullptr ? " | " + frame->body : std::string(" (no frame)")));
  }
  void OnStompSendOutcome(SendId id, std::string_view err_msg) override {
    events.push_back("outcome #" + std::to_string(id) + " " + std::string(err_msg));
  }
  void OnStompDisconnect(std::string_view err_msg) override {
    events.push_back("disconnect " + std::string(err_msg));
  }

  std::vector<std::string> Take() { return std::exchange(events, {}); }

  std::vector<std::string> events;
  Frame last_message;
  std::uint32_t last_connection = 0;
};

struct StompHarness {
  // `fields`: extra connectStomp fields, e.g. R"("receipts":false)"; a repeated one wins.
  // `draws`: what the session's random prefix is made of.
  explicit StompHarness(const std::string& fields = {}, std::vector<double> draws = {}) {
    random.draws = std::move(draws);
    const std::string defaults =
        R"("url":"ws://127.0.0.1:15674/ws","heartbeat":false,"timeout":5000,)"
        R"("reconnect":{"minDelayMs":50,"maxDelayMs":50})";
    ParsedStomp parsed =
        ParseStompOptions("{" + defaults + (fields.empty() ? "" : ",") + fields + "}", WxConfig{});
    REQUIRE(parsed.error.empty());
    options = parsed.options;
    session.emplace(options, recorder, time, time, random, recorder);
    task.emplace(1, TaskServices{transports, time, time, time, random, session->task_listener()});
    session->Attach(*task);
    REQUIRE(task->Start(options.connect).empty());
  }

  wxs::testing::FakeConnection& server() { return transports.last(); }
  void Open() { server().events->OnTransportOpen(); }
  void Receive(std::string_view bytes) {
    server().events->OnTransportMessage(Payload{PayloadKind::kText, bytes});
  }
  void Connected(const std::string& heart_beat = "0,0") {
    Receive("CONNECTED\nversion:1.2\nheart-beat:" + heart_beat + "\n\n" + std::string(1, '\0'));
  }
  // Opens the next connection and answers its CONNECT.
  void Accept(const std::string& heart_beat = "0,0") {
    Open();
    Connected(heart_beat);
  }
  void Receipt(const std::string& id) {
    Receive("RECEIPT\nreceipt-id:" + id + "\n\n" + std::string(1, '\0'));
  }
  // The server goes away; the client waits its backoff and dials again.
  void DropAndRedial(int code = 1006) {
    server().events->OnTransportClose(code, "");
    time.Advance(50);
  }
  SendResult SendText(std::string_view destination, std::string_view body,
                      const std::vector<Header>& headers = {}) {
    return session->Send(destination, headers, Payload{PayloadKind::kText, body});
  }

  wxs::testing::FakeTransportFactory transports;
  wxs::testing::VirtualTime time;
  wxs::testing::ScriptedRandom random;
  Recorder recorder;
  StompOptions options;
  std::optional<StompSession> session;
  std::optional<SocketTask> task;  // its listener is the session, which forwards to `recorder`
};

// What a connection carried, one entry per WebSocket message: a frame's command and the
// headers named (in wire order, as "name:value"), a lone EOL as "EOL".
inline std::vector<std::string> Wire(const wxs::testing::FakeConnection& connection,
                                     std::initializer_list<std::string_view> names = {
                                         "id", "destination"}) {
  std::vector<std::string> frames;
  for (const auto& [kind, bytes] : connection.sent) {
    if (bytes == "\n") {
      frames.push_back("EOL");
      continue;
    }
    Decoder decoder(Sender::kClient, 1 << 20);
    const Decoded decoded = decoder.Feed(bytes);
    REQUIRE(decoded.frames.size() == 1);
    const Frame& frame = decoded.frames.front();
    std::string line(CommandName(frame.command));
    for (const Header& header : frame.headers) {
      for (std::string_view name : names) {
        if (header.name == name) line += " " + header.name + ":" + header.value;
      }
    }
    if (!frame.body.empty()) line += " " + frame.body;
    frames.push_back(line);
  }
  return frames;
}

// The value of a header of the n-th frame a connection carried.
inline std::string HeaderOf(const wxs::testing::FakeConnection& connection, std::size_t index,
                            std::string_view name) {
  Decoder decoder(Sender::kClient, 1 << 20);
  const Decoded decoded = decoder.Feed(connection.sent.at(index).second);
  const std::string* value = decoded.frames.at(0).Find(name);
  return value == nullptr ? "(none)" : *value;
}

}  // namespace wxs::stomp::testing
