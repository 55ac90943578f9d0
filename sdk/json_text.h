// Parsing JSON text without exceptions, through one parser instantiation for the whole core.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

// No text for parse errors. The parser writes one for an exception it never throws here (the
// DOM builder only records that an error happened, and ParseJson returns a discarded value):
// these specialisations of its three text builders, for the one input type ParseJson uses, take
// that string code out of the wasm download (bench/README.md). They must be seen before any
// parse: every parse in the core goes through ParseJson.
namespace nlohmann::detail {
using WxsInput = iterator_input_adapter<const char*>;
template <>
inline std::string lexer<json, WxsInput>::get_token_string() const {
  return {};
}
template <>
inline std::string parser<json, WxsInput>::exception_message(const token_type /*expected*/,
                                                             const std::string& /*context*/) {
  return {};
}
template <>
inline parse_error parse_error::create<std::nullptr_t, 0>(int id_, const position_t& pos,
                                                          const std::string& /*what_arg*/,
                                                          std::nullptr_t /*context*/) {
  return {id_, pos.chars_read_total, ""};
}
}  // namespace nlohmann::detail

namespace wxs {

// The parsed value, or a discarded value (is_discarded()) when `text` is not JSON. Drives the
// DOM builder directly: json::parse() would also compile its callback variant, which the core
// never uses and the wasm download would carry.
inline nlohmann::json ParseJson(std::string_view text) {
  nlohmann::json result;
  nlohmann::detail::json_sax_dom_parser<nlohmann::json> builder(result, /*allow_exceptions=*/false);
  const bool parsed = nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
  if (!parsed || builder.is_errored()) return nlohmann::json(nlohmann::json::value_t::discarded);
  return result;
}

}  // namespace wxs
