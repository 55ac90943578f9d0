// The browser's WebSocket.readyState values, which SocketTask.readyState also uses.
#pragma once

namespace wxs {

enum class ReadyState : int { kConnecting = 0, kOpen = 1, kClosing = 2, kClosed = 3 };

}  // namespace wxs
