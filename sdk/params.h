// Reads one argument object of a wx API call, with WeChat's "parameter error" messages.
//
// The web layer sends the argument as JSON (web/wire.mjs). Values JSON cannot hold arrive
// tagged: {"__wxType": "Function"} for a function, {"__wxType": "Number", "value": "NaN"} for a
// non-finite number, and so on, so the messages can name the type the caller really passed.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wxs {

class Params {
 public:
  // Never fails: text that is not JSON reads as an argument of unknown type.
  static Params FromWire(std::string_view wire_json);
  explicit Params(nlohmann::json root);

  // True when the caller passed nothing (undefined) as the whole argument.
  bool Omitted() const;
  // False (with error() set) unless the whole argument is an object.
  bool RequireObject();

  // Keys may be dotted paths ("networkTimeout.connectSocket"). Each reader returns nothing when
  // the key is absent or undefined, and records an error when it holds the wrong type.
  std::optional<std::string> String(std::string_view key);
  std::optional<double> Number(std::string_view key);
  std::optional<bool> Boolean(std::string_view key);
  // An array of strings; with `accept_single`, a lone string reads as a one-element list.
  std::optional<std::vector<std::string>> StringList(std::string_view key, bool accept_single);
  // True when the key holds an object (an error is recorded for any other present value).
  bool Object(std::string_view key);
  bool ObjectHasKeys(std::string_view key) const;
  // The JS type name of the value at `key` ("Undefined" when absent).
  std::string TypeOf(std::string_view key) const;
  // The raw value at `key`, for shapes the typed readers do not cover; null when absent.
  const nlohmann::json* Raw(std::string_view key) const { return Find(key); }
  // A number in [min, max]; outside it records "should be <expectation>".
  std::optional<double> NumberIn(std::string_view key, double min, double max,
                                 std::string_view expectation);
  // A timeout: from 1 ms to kMaxDurationMs.
  std::optional<double> TimeoutMs(std::string_view key);
  // A size limit: from 1 to 2147483647 bytes (what a wasm32 length holds).
  std::optional<double> ByteCount(std::string_view key);
  // The success/fail/complete slots: absent, or a function.
  void Callback(std::string_view key);

  // Records "parameter.<key> <expectation>" unless an error was recorded already.
  void Reject(std::string_view key, std::string_view expectation);
  // Records "parameter.<key> should be <expected> instead of <the type it holds>".
  void RejectType(std::string_view key, std::string_view expected);

  bool ok() const { return error_.empty(); }
  // "parameter error: ...;" as WeChat words it, or empty.
  const std::string& error() const { return error_; }

 private:
  const nlohmann::json* Find(std::string_view key) const;
  void RejectType(std::string_view key, std::string_view expected, const nlohmann::json& actual);

  nlohmann::json root_;
  std::string error_;
};

// The JS type name of a wire value: String, Number, Boolean, Null, Array, Object, Function...
std::string WireTypeName(const nlohmann::json& value);

}  // namespace wxs
