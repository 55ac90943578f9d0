// TransportFactory over the browser's WebSocket (browser_socket_library.js).
#pragma once

#include "transport.h"

namespace wxs {

class BrowserTransportFactory final : public TransportFactory {
 public:
  // The transports of the core `core_id` (web/core.mjs): JS keeps its tasks' payloads.
  explicit BrowserTransportFactory(int core_id) : core_id_(core_id) {}
  OpenedTransport Open(const TransportRequest& request, TransportEvents& events) override;

  // WebSocket handles held by the page, across all wx objects: a leak shows here.
  static int LiveHandles();

 private:
  const int core_id_;
};

}  // namespace wxs
