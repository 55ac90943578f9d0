#include "stomp_call.h"

#include "params.h"

namespace wxs {

StompCall ParseStompCall(std::string_view wire_json) {
  StompCall call;
  Params params = Params::FromWire(wire_json);
  if (params.RequireObject()) {
    if (auto destination = params.String("destination")) {
      call.destination = std::move(*destination);
    } else if (params.ok()) {
      params.RejectType("destination", "String");
    }
    if (params.Object("headers")) {
      for (const auto& [name, value] : params.Raw("headers")->items()) {
        if (!value.is_string()) {
          // Not RejectType: a header name may hold the '.' that path lookups split at.
          params.Reject("headers." + name, "should be String instead of " + WireTypeName(value));
          break;
        }
        call.headers.push_back({name, value.get<std::string>()});
      }
    }
    // The web layer passes a body here only when it could not send it (not text, not bytes).
    if (const auto* body = params.Raw("body"); body != nullptr && params.ok()) {
      params.Reject("body", "should be String or ArrayBuffer instead of " + WireTypeName(*body));
    }
  }
  call.error = params.error();
  return call;
}

}  // namespace wxs
