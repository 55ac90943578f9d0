// strtod for the wasm build, backed by the JS engine's number parser.
//
// nlohmann/json reads every non-integer number through std::strtod. musl's strtod computes in
// 128-bit long double, which wasm only has in software: linking it costs 6.4 KB of the gzip
// download (bench/README.md). The engine's Number() is correctly rounded (ECMA-262), like a
// good strtod, and already in the page. This file replaces musl's strtof/strtod/strtold (one
// object in musl, so all three go together); the native build keeps the platform's.
//
// Accepted: leading white space, a sign, decimal digits with an optional fraction and
// exponent, "inf", "infinity" and "nan" (any case). Hexadecimal floats are not: they convert
// nothing (result 0, *end = the input), which nothing in this module relies on.
#include <emscripten/emscripten.h>
#include <strings.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace {

EM_JS(double, wxs_js_number, (const char* text, int length),
      { return Number(UTF8ToString(text, length)); });

const char* SkipDigits(const char* p) {
  while (*p >= '0' && *p <= '9') ++p;
  return p;
}

// The end of the longest decimal number at `p` (after its sign), or `p` when there is none.
const char* DecimalEnd(const char* p) {
  const char* digits_end = SkipDigits(p);
  bool has_digits = digits_end != p;
  if (*digits_end == '.') {
    const char* fraction_end = SkipDigits(digits_end + 1);
    has_digits = has_digits || fraction_end != digits_end + 1;
    digits_end = fraction_end;
  }
  if (!has_digits) return p;
  if (*digits_end == 'e' || *digits_end == 'E') {
    const char* exponent = digits_end + 1;
    if (*exponent == '+' || *exponent == '-') ++exponent;
    const char* exponent_end = SkipDigits(exponent);
    if (exponent_end != exponent) return exponent_end;
  }
  return digits_end;
}

}  // namespace

extern "C" double strtod(const char* text, char** end) {
  const char* p = text;
  while (std::isspace(static_cast<unsigned char>(*p))) ++p;
  const char* number = p;
  const bool negative = *p == '-';
  if (*p == '+' || *p == '-') ++p;

  double value = 0;
  const char* number_end = DecimalEnd(p);
  if (number_end != p) {
    value = wxs_js_number(number, static_cast<int>(number_end - number));
    if (std::isinf(value)) errno = ERANGE;
  } else if (strncasecmp(p, "infinity", 8) == 0) {
    number_end = p + 8;
    value = negative ? -HUGE_VAL : HUGE_VAL;
  } else if (strncasecmp(p, "inf", 3) == 0) {
    number_end = p + 3;
    value = negative ? -HUGE_VAL : HUGE_VAL;
  } else if (strncasecmp(p, "nan", 3) == 0) {
    number_end = p + 3;
    value = NAN;
  } else {
    number_end = text;  // no conversion
  }
  if (end != nullptr) *end = const_cast<char*>(number_end);
  return value;
}

extern "C" float strtof(const char* text, char** end) {
  return static_cast<float>(strtod(text, end));
}

extern "C" long double strtold(const char* text, char** end) { return strtod(text, end); }
