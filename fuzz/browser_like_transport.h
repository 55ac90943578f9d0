// A fake network whose sockets behave like a browser's WebSocket, for the task fuzzer:
// - events come only from the event loop (the fuzzer calls Accept, Deliver, ... between core
//   calls), never from inside a call the core makes;
// - send() works only while OPEN; bufferedAmount grows with each send, drains as the network
//   writes, and still counts what was never written after the close;
// - close() moves to CLOSING and the close event comes later; a socket closed while CONNECTING
//   never opens; a failure is an error event followed by close 1006;
// - messages that arrive while CLOSING are still delivered (they preceded the close frame);
// - a destroyed transport hears nothing more, and closes a live socket (as the binding does).
// It also checks what the browser would throw for: a close code or reason close() refuses; and
// that the core never asks for a kept payload it told the platform to let go.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "fuzz_require.h"
#include "transport.h"

namespace wxs::fuzz {

struct BrowserSocket {
  enum class State { kConnecting, kOpen, kClosing, kClosed };
  State state = State::kConnecting;
  bool was_open = false;
  TransportEvents* events = nullptr;
  int task_id = 0;
  bool attached = true;  // false once the core destroyed its transport
  std::uint64_t buffered = 0;
  int close_code = 0;  // what the core's close() asked for; 0 if it never did
  bool live() const { return attached && state != State::kClosed; }
};

class BrowserLikeNetwork final : public TransportFactory {
 public:
  // The sink's record of OnKeptReleased: task id -> every kept id below this was let go.
  explicit BrowserLikeNetwork(const std::map<int, std::uint32_t>& kept_released_below)
      : kept_released_below_(kept_released_below) {}

  OpenedTransport Open(const TransportRequest& request, TransportEvents& events) override {
    if (refuse_next_) {
      refuse_next_ = false;
      return {nullptr, "SyntaxError: the browser refused the WebSocket"};
    }
    BrowserSocket& socket = sockets_.emplace_back();
    socket.events = &events;
    socket.task_id = request.task_id;
    return {std::make_unique<Socket>(socket, kept_released_below_), {}};
  }

  void RefuseNext() { refuse_next_ = true; }
  std::size_t count() const { return sockets_.size(); }
  BrowserSocket& at(std::size_t index) { return sockets_.at(index); }
  std::size_t attached() const {
    std::size_t count = 0;
    for (const BrowserSocket& socket : sockets_) count += socket.attached ? 1 : 0;
    return count;
  }
  std::size_t live() const {
    std::size_t count = 0;
    for (const BrowserSocket& socket : sockets_) count += socket.live() ? 1 : 0;
    return count;
  }

  // The server accepts the handshake.
  void Accept(BrowserSocket& socket) {
    if (!socket.attached || socket.state != BrowserSocket::State::kConnecting) return;
    socket.state = BrowserSocket::State::kOpen;
    socket.was_open = true;
    socket.events->OnTransportOpen();
  }
  // A frame from the server.
  void Deliver(BrowserSocket& socket, Payload message) {
    if (!socket.attached || !socket.was_open) return;
    if (socket.state != BrowserSocket::State::kOpen &&
        socket.state != BrowserSocket::State::kClosing) {
      return;
    }
    socket.events->OnTransportMessage(message);
  }
  // The closing handshake ends: the server's code, or the echo of the core's close().
  void CloseFromServer(BrowserSocket& socket, int server_code, bool echo) {
    if (!socket.attached || socket.state == BrowserSocket::State::kClosed) return;
    if (!socket.was_open) return Fail(socket);  // no handshake: the connection failed
    socket.state = BrowserSocket::State::kClosed;
    const int code = echo && socket.close_code != 0 ? socket.close_code : server_code;
    socket.events->OnTransportClose(code, code == 1006 ? "" : "bye");
  }
  // The connection fails (refused, reset, TLS error): error, then close 1006.
  void Fail(BrowserSocket& socket) {
    if (!socket.attached || socket.state == BrowserSocket::State::kClosed) return;
    socket.state = BrowserSocket::State::kClosed;
    socket.events->OnTransportError();
    if (socket.attached) socket.events->OnTransportClose(1006, "");
  }
  // The network writes up to `bytes` of what the socket holds.
  void Write(BrowserSocket& socket, std::uint64_t bytes) {
    socket.buffered -= bytes < socket.buffered ? bytes : socket.buffered;
  }

 private:
  class Socket final : public Transport {
   public:
    Socket(BrowserSocket& socket, const std::map<int, std::uint32_t>& kept_released_below)
        : socket_(socket), kept_released_below_(kept_released_below) {}
    ~Socket() override {
      socket_.attached = false;
      if (socket_.state != BrowserSocket::State::kClosed)
        socket_.state = BrowserSocket::State::kClosing;
    }
    std::size_t Send(Payload message) override {
      if (message.kept_id != 0) {
        const auto released = kept_released_below_.find(socket_.task_id);
        Require(released == kept_released_below_.end() || message.kept_id >= released->second,
                "a kept payload sent after the platform was told to let it go");
      }
      if (socket_.state != BrowserSocket::State::kOpen) return kRefused;
      socket_.buffered += message.size();
      return message.size();
    }
    std::uint64_t BufferedAmount() const override { return socket_.buffered; }
    void Close(int code, std::string_view reason) override {
      Require(code == 1000 || (code >= 3000 && code <= 4999), "close() with a code it throws for");
      Require(reason.size() <= 123, "close() with a reason it throws for");
      if (socket_.state == BrowserSocket::State::kClosed) return;
      socket_.close_code = code;
      socket_.state = BrowserSocket::State::kClosing;
    }

   private:
    BrowserSocket& socket_;
    const std::map<int, std::uint32_t>& kept_released_below_;
  };

  std::deque<BrowserSocket> sockets_;  // a deque keeps references stable
  bool refuse_next_ = false;
  const std::map<int, std::uint32_t>& kept_released_below_;
};

}  // namespace wxs::fuzz
