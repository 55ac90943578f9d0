// printf-style formatting of integers, characters and strings: the part of snprintf this
// module needs (bindings/integer_snprintf.cpp says why it has its own).
#pragma once

#include <cstdarg>
#include <cstddef>

namespace wxs {

// vsnprintf for the conversions d i u x X c s and %, with the flags '-' and '0', a width, a
// precision and the length modifiers hh h l ll j z t. Writes at most `size` bytes including the
// terminating NUL and returns the length the whole text has. Any other conversion or flag (a
// floating-point one, '*', %n, '+', '#') writes an empty string and returns -1.
int FormatIntegers(char* buffer, std::size_t size, const char* format, std::va_list args);

}  // namespace wxs
