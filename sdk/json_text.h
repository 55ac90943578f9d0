// Parsing JSON text without exceptions, through one parser instantiation for the whole core.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

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
