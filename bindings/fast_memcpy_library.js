// The engine's own copy within wasm memory, for bindings/fast_memcpy.cpp.
mergeInto(LibraryManager.library, {
  wxs_copy_within: function(dest, src, size) {
    HEAPU8.copyWithin(dest, src, src + size);
  },
});
