#include "integer_format.h"

#include <cstdint>
#include <cstring>

namespace wxs {
namespace {

// snprintf's output: keeps what fits (leaving room for the NUL) and counts everything.
class Output {
 public:
  Output(char* buffer, std::size_t size) : buffer_(buffer), size_(size) {}

  void Put(char c) {
    if (length_ + 1 < size_) buffer_[length_] = c;
    ++length_;
  }
  void Put(const char* text, std::size_t count) {
    while (count-- > 0) Put(*text++);
  }
  void Repeat(char c, long count) {
    while (count-- > 0) Put(c);
  }
  int Finish() {
    if (size_ > 0) buffer_[length_ < size_ ? length_ : size_ - 1] = '\0';
    return static_cast<int>(length_);
  }

 private:
  char* buffer_;
  std::size_t size_;
  std::size_t length_ = 0;
};

// z and t read a long, j a long long: the sizes of their types on wasm32 and on LP64.
enum class Length { kInt, kChar, kShort, kLong, kLongLong };
static_assert(sizeof(std::size_t) == sizeof(long) && sizeof(std::ptrdiff_t) == sizeof(long) &&
              sizeof(std::intmax_t) == sizeof(long long));

struct Spec {
  bool left = false;
  bool zero = false;
  long width = 0;
  long precision = -1;  // none
  Length length = Length::kInt;
};

std::uintmax_t UnsignedArg(Length length, std::va_list& args) {
  switch (length) {
    case Length::kChar:
      return static_cast<unsigned char>(va_arg(args, unsigned));
    case Length::kShort:
      return static_cast<unsigned short>(va_arg(args, unsigned));
    case Length::kLong:
      return va_arg(args, unsigned long);
    case Length::kLongLong:
      return va_arg(args, unsigned long long);
    case Length::kInt:
      break;
  }
  return va_arg(args, unsigned);
}

std::intmax_t SignedArg(Length length, std::va_list& args) {
  switch (length) {
    case Length::kChar:
      return static_cast<signed char>(va_arg(args, int));
    case Length::kShort:
      return static_cast<short>(va_arg(args, int));
    case Length::kLong:
      return va_arg(args, long);
    case Length::kLongLong:
      return va_arg(args, long long);
    case Length::kInt:
      break;
  }
  return va_arg(args, int);
}

// Puts `prefix`, `zeros` zeros and `text`, padded to the width with spaces (on the left, or on
// the right for '-') or, for '0', with zeros after the prefix.
void PutField(Output& out, const Spec& spec, const char* prefix, long zeros, const char* text,
              std::size_t length) {
  const std::size_t prefix_length = std::strlen(prefix);
  const long padding = spec.width - zeros - static_cast<long>(prefix_length + length);
  const bool zero_pad = spec.zero && !spec.left;
  if (!spec.left && !zero_pad) out.Repeat(' ', padding);
  out.Put(prefix, prefix_length);
  if (zero_pad) out.Repeat('0', padding);
  out.Repeat('0', zeros);
  out.Put(text, length);
  if (spec.left) out.Repeat(' ', padding);
}

void PutInteger(Output& out, Spec spec, std::uintmax_t magnitude, const char* prefix, unsigned base,
                const char* digit_chars) {
  char digits[20];  // enough for 64 bits in base 10 or 16
  char* const end = digits + sizeof digits;
  char* begin = end;
  for (; magnitude != 0; magnitude /= base) *--begin = digit_chars[magnitude % base];
  const long count = end - begin;
  long zeros = 0;
  if (spec.precision < 0) {
    zeros = count == 0 ? 1 : 0;  // 0 is written "0"
  } else {
    zeros = spec.precision > count ? spec.precision - count : 0;
    spec.zero = false;  // a precision turns the '0' flag off
  }
  PutField(out, spec, prefix, zeros, begin, static_cast<std::size_t>(count));
}

int Format(char* buffer, std::size_t size, const char* format, std::va_list& args) {
  Output out(buffer, size);
  for (const char* p = format; *p != '\0'; ++p) {
    if (*p != '%') {
      out.Put(*p);
      continue;
    }
    Spec spec;
    for (;; ++p) {
      if (p[1] == '-') {
        spec.left = true;
      } else if (p[1] == '0') {
        spec.zero = true;
      } else {
        break;
      }
    }
    while (p[1] >= '0' && p[1] <= '9') spec.width = spec.width * 10 + (*++p - '0');
    if (p[1] == '.') {
      ++p;
      spec.precision = 0;
      while (p[1] >= '0' && p[1] <= '9') spec.precision = spec.precision * 10 + (*++p - '0');
    }
    switch (*++p) {
      case 'h':
        spec.length = p[1] == 'h' ? (++p, Length::kChar) : Length::kShort;
        ++p;
        break;
      case 'l':
        spec.length = p[1] == 'l' ? (++p, Length::kLongLong) : Length::kLong;
        ++p;
        break;
      case 'j':
        spec.length = Length::kLongLong, ++p;
        break;
      case 'z':
      case 't':
        spec.length = Length::kLong, ++p;
        break;
      default:
        break;
    }
    switch (*p) {
      case 'd':
      case 'i': {
        const std::intmax_t value = SignedArg(spec.length, args);
        const std::uintmax_t magnitude =
            value < 0 ? 0 - static_cast<std::uintmax_t>(value) : static_cast<std::uintmax_t>(value);
        PutInteger(out, spec, magnitude, value < 0 ? "-" : "", 10, "0123456789");
        break;
      }
      case 'u':
        PutInteger(out, spec, UnsignedArg(spec.length, args), "", 10, "0123456789");
        break;
      case 'x':
        PutInteger(out, spec, UnsignedArg(spec.length, args), "", 16, "0123456789abcdef");
        break;
      case 'X':
        PutInteger(out, spec, UnsignedArg(spec.length, args), "", 16, "0123456789ABCDEF");
        break;
      case 'c': {
        const char c = static_cast<char>(va_arg(args, int));
        spec.zero = false;
        PutField(out, spec, "", 0, &c, 1);
        break;
      }
      case 's': {
        const char* text = va_arg(args, const char*);
        std::size_t length = 0;
        while ((spec.precision < 0 || static_cast<long>(length) < spec.precision) &&
               text[length] != '\0') {
          ++length;
        }
        spec.zero = false;
        PutField(out, spec, "", 0, text, length);
        break;
      }
      case '%':
        out.Put('%');
        break;
      default:
        Output(buffer, size).Finish();
        return -1;
    }
  }
  return out.Finish();
}

}  // namespace

int FormatIntegers(char* buffer, std::size_t size, const char* format, std::va_list arguments) {
  // The helpers take the list by reference, which a parameter of array type (x86-64's
  // va_list) cannot bind to: they get a local copy.
  std::va_list args;
  va_copy(args, arguments);
  const int length = Format(buffer, size, format, args);
  va_end(args);
  return length;
}

}  // namespace wxs
