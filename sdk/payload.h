// A message as it crosses the core: a text frame (UTF-8 bytes) or a binary frame.
#pragma once

#include <string_view>

namespace wxs {

enum class PayloadKind { kText, kBinary };

// A view: the bytes belong to the caller and are valid only during the call that passes them.
struct Payload {
  PayloadKind kind;
  std::string_view bytes;
};

}  // namespace wxs
