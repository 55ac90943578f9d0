// memcpy for the browser build. At -Oz Emscripten links its size-optimised libc, whose memcpy
// copies one byte at a time: 64 KiB took ~40 µs, the main cost of keeping a queued payload
// until the browser writes it. Large copies go to the engine (HEAPU8.copyWithin, in
// fast_memcpy_library.js), as Emscripten's regular libc does with emscripten_memcpy_big.
// Compiled with -fno-builtin (the byte loop must not become a memcpy call) and without LTO.
#include <cstddef>

extern "C" {
void wxs_copy_within(void* dest, const void* src, std::size_t size);

void* memcpy(void* __restrict dest, const void* __restrict src, std::size_t size) {
  constexpr std::size_t kEngineCopyFrom = 512;
  if (size >= kEngineCopyFrom) {
    wxs_copy_within(dest, src, size);
    return dest;
  }
  auto* to = static_cast<unsigned char*>(dest);
  const auto* from = static_cast<const unsigned char*>(src);
  while (size-- > 0) *to++ = *from++;
  return dest;
}
}
