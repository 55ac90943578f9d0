// JSON text in and out, through nlohmann's lexer, values and serializer, without the pieces that
// would bring libc++abi's RTTI code into the wasm download (bench/README.md).
#pragma once

#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace wxs {

// The parsed value, or a discarded value (is_discarded()) when `text` is not JSON: accepts and
// rejects exactly what nlohmann::json::parse does (tests/native/json_text_test.cpp compares them).
// Not nlohmann's parser, for the size of the wasm download: for each error it
// builds an exception object to hand its SAX handler even when nothing throws (the object's
// std::runtime_error has a libc++ vtable, which brings libc++abi's RTTI code along), and it
// keeps its stack of states in a std::vector<bool>, whose growth code is large.
// Here, what is open is a stack of the containers being filled; like nlohmann's, it is on the
// heap, so deep nesting from a server costs memory, never the wasm stack.
inline nlohmann::json ParseJson(std::string_view text) {
  using nlohmann::json;
  using Lexer =
      nlohmann::detail::lexer<json, nlohmann::detail::iterator_input_adapter<const char*>>;
  using Token = Lexer::token_type;
  const auto failed = [] { return json(json::value_t::discarded); };

  Lexer lexer({text.data(), text.data() + text.size()});
  json root;
  std::vector<json*> open;  // arrays and objects still being filled, innermost last
  std::string key;          // the key of the next member, when the innermost is an object
  // Reads `"key":` and the token after it, the start of the member's value.
  const auto read_key = [&lexer, &key](Token token) {
    if (token != Token::value_string) return Token::parse_error;
    key = std::move(lexer.get_string());
    return lexer.scan() == Token::name_separator ? lexer.scan() : Token::parse_error;
  };

  Token token = lexer.scan();
  while (true) {
    json* slot = &root;
    if (!open.empty()) {
      json& parent = *open.back();
      slot = parent.is_array() ? &parent.emplace_back() : &parent[key];
    }
    switch (token) {
      case Token::begin_object:
      case Token::begin_array: {
        const bool object = token == Token::begin_object;
        *slot = object ? json::value_t::object : json::value_t::array;
        token = lexer.scan();
        if (token == (object ? Token::end_object : Token::end_array)) break;
        open.push_back(slot);
        if (object) token = read_key(token);
        continue;
      }
      case Token::value_string:
        *slot = std::move(lexer.get_string());
        break;
      case Token::value_unsigned:
        *slot = lexer.get_number_unsigned();
        break;
      case Token::value_integer:
        *slot = lexer.get_number_integer();
        break;
      case Token::value_float:
        if (!std::isfinite(lexer.get_number_float())) return failed();
        *slot = lexer.get_number_float();
        break;
      case Token::literal_true:
      case Token::literal_false:
        *slot = token == Token::literal_true;
        break;
      case Token::literal_null:
        *slot = nullptr;  // a repeated key's slot holds the earlier value
        break;
      default:
        return failed();
    }
    // The value is complete: close what it completes, up to where the next value starts.
    token = lexer.scan();
    bool next_value = false;
    while (!next_value) {
      if (open.empty()) {
        if (token != Token::end_of_input) return failed();
        return root;
      }
      const bool object = open.back()->is_object();
      if (token == Token::value_separator) {
        token = lexer.scan();
        if (object) token = read_key(token);
        next_value = true;
      } else if (token == (object ? Token::end_object : Token::end_array)) {
        open.pop_back();
        token = lexer.scan();
      } else {
        return failed();
      }
    }
  }
}

// What value.dump(-1, ' ', false, errors) writes. dump() hands its serializer a shared_ptr from
// make_shared, and the control block's libc++ vtable brings libc++abi's RTTI code along, as the
// exception objects did; this one aliases an empty owner: no control block, and the writer
// stays on the stack.
inline std::string DumpJson(
    const nlohmann::json& value,
    nlohmann::json::error_handler_t errors = nlohmann::json::error_handler_t::strict) {
  std::string text;
  nlohmann::detail::output_string_adapter<char, std::string> writer(text);
  nlohmann::detail::serializer<nlohmann::json> serializer(
      nlohmann::detail::output_adapter_t<char>(std::shared_ptr<void>(), &writer), ' ', errors);
  serializer.dump(value, /*pretty_print=*/false, /*ensure_ascii=*/false, /*indent_step=*/0);
  return text;
}

}  // namespace wxs
