#!/usr/bin/env bash
# Builds the wasm core with Emscripten and assembles dist/: the ES module users import.
set -euo pipefail
cd "$(dirname "$0")/.."

export NODE_PATH=/usr/share/nodejs  # Debian's emscripten needs Debian's acorn
if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
fi
cmake --build build/wasm -j2

rm -rf dist
mkdir -p dist
cp build/wasm/bindings/wx-core.mjs build/wasm/bindings/wx-core.wasm dist/
cp web/*.mjs dist/
cp web/index.d.ts dist/index.d.ts
mv dist/index.mjs dist/wx-socket.mjs
echo "dist/: $(ls dist | tr '\n' ' ')"
