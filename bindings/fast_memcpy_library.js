// The engine's own copy within wasm memory, for bindings/fast_memcpy.cpp.
mergeInto(LibraryManager.library, {
  wxs_copy_within: function(dest, src, size) {
    // Addresses arrive as signed i32: fine while wasm memory stays within its 2 GiB maximum.
    HEAPU8.copyWithin(dest, src, src + size);
  },
});
