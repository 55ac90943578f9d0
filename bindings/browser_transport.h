// TransportFactory over the browser's WebSocket (browser_socket_library.js).
#pragma once

#include "transport.h"

namespace wxs {

class BrowserTransportFactory final : public TransportFactory {
 public:
  OpenedTransport Open(const TransportRequest& request, TransportEvents& events) override;

  // WebSocket handles held by the page, across all wx objects: a leak shows here.
  static int LiveHandles();
};

}  // namespace wxs
