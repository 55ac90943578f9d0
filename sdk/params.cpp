#include "params.h"

#include <cmath>

#include "json_text.h"
#include "timers.h"

namespace wxs {
namespace {

constexpr const char* kTypeTag = "__wxType";
constexpr double kMaxByteCount = 2147483647;

using nlohmann::json;

const std::string* TagOf(const json& value) {
  if (!value.is_object()) return nullptr;
  auto tag = value.find(kTypeTag);
  if (tag == value.end() || !tag->is_string()) return nullptr;
  return tag->get_ptr<const std::string*>();
}

// {"__wxType": type}, as JS describes a value JSON cannot carry.
json Tagged(const char* type) {
  json value(json::value_t::object);
  value.emplace(kTypeTag, type);
  return value;
}

bool IsUndefined(const json& value) {
  const std::string* tag = TagOf(value);
  return tag != nullptr && *tag == "Undefined";
}

std::string Path(std::string_view key) {
  return key.empty() ? "parameter" : "parameter." + std::string(key);
}

}  // namespace

std::string WireTypeName(const json& value) {
  if (const std::string* tag = TagOf(value)) return *tag;
  switch (value.type()) {
    case json::value_t::string:
      return "String";
    case json::value_t::boolean:
      return "Boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "Number";
    case json::value_t::null:
      return "Null";
    case json::value_t::array:
      return "Array";
    case json::value_t::object:
      return "Object";
    default:
      return "Undefined";
  }
}

Params Params::FromWire(std::string_view wire_json) {
  json root = ParseJson(wire_json);
  if (root.is_discarded()) root = Tagged("Unknown");
  return Params(std::move(root));
}

Params::Params(json root) : root_(std::move(root)) {}

bool Params::Omitted() const { return IsUndefined(root_); }

bool Params::RequireObject() {
  if (root_.is_object() && TagOf(root_) == nullptr) return true;
  RejectType("", "Object", root_);
  return false;
}

const json* Params::Find(std::string_view key) const {
  const json* node = &root_;
  while (!key.empty()) {
    if (!node->is_object() || TagOf(*node) != nullptr) return nullptr;
    const std::size_t dot = key.find('.');
    const std::string part(key.substr(0, dot));
    auto child = node->find(part);
    if (child == node->end()) return nullptr;
    node = &*child;
    key = dot == std::string_view::npos ? std::string_view() : key.substr(dot + 1);
  }
  return IsUndefined(*node) ? nullptr : node;
}

void Params::Reject(std::string_view key, std::string_view expectation) {
  if (!error_.empty()) return;
  error_ = "parameter error: " + Path(key) + " " + std::string(expectation) + ";";
}

void Params::RejectType(std::string_view key, std::string_view expected, const json& actual) {
  Reject(key, "should be " + std::string(expected) + " instead of " + WireTypeName(actual));
}

void Params::RejectType(std::string_view key, std::string_view expected) {
  const json* value = Find(key);
  RejectType(key, expected, value != nullptr ? *value : Tagged("Undefined"));
}

std::optional<std::string> Params::String(std::string_view key) {
  const json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    RejectType(key, "String", *value);
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<double> Params::Number(std::string_view key) {
  const json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    if (WireTypeName(*value) == "Number") {
      Reject(key, "should be a finite Number");
    } else {
      RejectType(key, "Number", *value);
    }
    return std::nullopt;
  }
  return value->get<double>();
}

std::optional<bool> Params::Boolean(std::string_view key) {
  const json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    RejectType(key, "Boolean", *value);
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::vector<std::string>> Params::StringList(std::string_view key,
                                                           bool accept_single) {
  const json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (accept_single && value->is_string())
    return std::vector<std::string>{value->get<std::string>()};
  if (!value->is_array()) {
    RejectType(key, accept_single ? "Array or String" : "Array", *value);
    return std::nullopt;
  }
  std::vector<std::string> items;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    if (!item.is_string()) {
      RejectType(std::string(key) + "[" + std::to_string(i) + "]", "String", item);
      return std::nullopt;
    }
    items.push_back(item.get<std::string>());
  }
  return items;
}

std::string Params::TypeOf(std::string_view key) const {
  const json* value = Find(key);
  return value == nullptr ? "Undefined" : WireTypeName(*value);
}

std::optional<double> Params::NumberIn(std::string_view key, double min, double max,
                                       std::string_view expectation) {
  std::optional<double> value = Number(key);
  if (value && (*value < min || *value > max)) {
    Reject(key, "should be " + std::string(expectation));
    return std::nullopt;
  }
  return value;
}

std::optional<double> Params::TimeoutMs(std::string_view key) {
  return NumberIn(key, 1, kMaxDurationMs,
                  "a positive number of milliseconds, at most 86400000 (a day)");
}

std::optional<double> Params::ByteCount(std::string_view key) {
  return NumberIn(key, 1, kMaxByteCount, "a positive number of bytes, at most 2147483647");
}

bool Params::Object(std::string_view key) {
  const json* value = Find(key);
  if (value == nullptr) return false;
  if (!value->is_object() || TagOf(*value) != nullptr) {
    RejectType(key, "Object", *value);
    return false;
  }
  return true;
}

bool Params::ObjectHasKeys(std::string_view key) const {
  const json* value = Find(key);
  return value != nullptr && value->is_object() && TagOf(*value) == nullptr && !value->empty();
}

void Params::Callback(std::string_view key) {
  const json* value = Find(key);
  if (value != nullptr && WireTypeName(*value) != "Function") RejectType(key, "Function", *value);
}

}  // namespace wxs
