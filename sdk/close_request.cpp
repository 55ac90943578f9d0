#include "close_request.h"

#include <cmath>

#include "json_text.h"
#include "params.h"

namespace wxs {
namespace {

// Numbers arrive as doubles; show 1001, not 1001.0.
std::string FormatNumber(double value) {
  if (value == std::floor(value) && std::abs(value) < 1e15) {
    return DumpJson(nlohmann::json(static_cast<std::int64_t>(value)));
  }
  return DumpJson(nlohmann::json(value));
}

}  // namespace

ParsedClose ParseCloseRequest(std::string_view wire_json) {
  ParsedClose parsed;
  Params params = Params::FromWire(wire_json);
  if (params.Omitted()) return parsed;
  if (!params.RequireObject()) {
    parsed.error = params.error();
    return parsed;
  }
  for (const char* callback : {"success", "fail", "complete"}) params.Callback(callback);
  if (auto code = params.Number("code")) {
    const bool allowed = *code == std::floor(*code) && (*code == CloseRequest::kNormalClosure ||
                                                        (*code >= 3000 && *code <= 4999));
    if (allowed) {
      parsed.request.code = static_cast<int>(*code);
    } else {
      params.Reject("code", "should be 1000 or an integer from 3000 to 4999 (got " +
                                FormatNumber(*code) + ")");
    }
  }
  if (auto reason = params.String("reason")) {
    if (reason->size() > CloseRequest::kMaxReasonBytes) {
      params.Reject("reason", "should be at most 123 bytes of UTF-8 (got " +
                                  std::to_string(reason->size()) + ")");
    } else {
      parsed.request.reason = std::move(*reason);
    }
  }
  parsed.error = params.error();
  return parsed;
}

}  // namespace wxs
