#include "json_object_writer.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "json_text.h"

namespace wxs {

JsonObjectWriter& JsonObjectWriter::Number(std::string_view key, double value) {
  Key(key);
  if (!std::isfinite(value)) {
    text_ += "null";
    return *this;
  }
  // The shortest text that reads back as `value`, as dump() writes a double.
  char digits[64];
  char* end = nlohmann::detail::to_chars(digits, digits + sizeof digits, value);
  text_.append(digits, end);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Signed(std::string_view key, long long value) {
  Key(key);
  if (value < 0) text_ += '-';
  Digits(value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value));
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Unsigned(std::string_view key, std::uint64_t value) {
  Key(key);
  Digits(value);
  return *this;
}

void JsonObjectWriter::Digits(std::uint64_t value) {
  char digits[20];
  char* first = digits + sizeof digits;
  do {
    *--first = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  text_.append(first, digits + sizeof digits);
}

JsonObjectWriter& JsonObjectWriter::Text(std::string_view key, std::string_view value) {
  Key(key);
  // dump()'s own escaping, so that control characters and invalid UTF-8 come out as before.
  text_ += DumpJson(nlohmann::json(value), nlohmann::json::error_handler_t::replace);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Open(std::string_view key) {
  Key(key);
  text_ += '{';
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Close() {
  text_ += '}';
  return *this;
}

std::string JsonObjectWriter::Finish() {
  Close();
  return std::move(text_);
}

void JsonObjectWriter::Key(std::string_view key) {
  if (text_.back() != '{') text_ += ',';
  text_ += '"';
  text_ += key;
  text_ += "\":";
}

}  // namespace wxs
