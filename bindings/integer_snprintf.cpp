// snprintf for the wasm build: integers, characters and strings
// (bindings/integer_format.h).
//
// musl's printf family is one engine, floating point and long double included: about 4 KB of
// the gzip download (bench/README.md). Its one caller here formats no float:
// nlohmann/json's snprintf: "\\u%04x" for a control character in a string it writes (a JSON
// heartbeat ping), and "<U+%.4X>" in the text of a parse error (which the core discards);
// This definition takes the place of musl's; the native build keeps the platform's.
#include <cstdarg>
#include <cstdio>

#include "integer_format.h"

extern "C" int snprintf(char* buffer, std::size_t size, const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  const int length = wxs::FormatIntegers(buffer, size, format, args);
  va_end(args);
  return length;
}
