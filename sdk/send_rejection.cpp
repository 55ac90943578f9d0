#include "send_rejection.h"

#include "params.h"

namespace wxs {

std::string ExplainSendRejection(std::string_view wire_json) {
  Params params = Params::FromWire(wire_json);
  if (!params.RequireObject()) return params.error();
  for (const char* callback : {"success", "fail", "complete"}) params.Callback(callback);
  // The web layer sends valid payloads itself, so when the callbacks are fine `data` is the
  // culprit.
  params.RejectType("data", "String or ArrayBuffer");
  return params.error();
}

}  // namespace wxs
