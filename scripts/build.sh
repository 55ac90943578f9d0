#!/usr/bin/env bash
# Builds the wasm core with Emscripten and assembles dist/: the ES module users import.
set -euo pipefail
cd "$(dirname "$0")/.."

export NODE_PATH=/usr/share/nodejs  # Debian's emscripten needs Debian's acorn
# The Closure Compiler release Emscripten 3.1.6 was made with (package.json pins it): later
# ones reject the language mode and externs it passes. Debian's own closure-compiler is from 2013.
export EM_CLOSURE_COMPILER="$PWD/node_modules/.bin/google-closure-compiler"
if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
fi
cmake --build build/wasm -j2

# One minified ES module (web/ plus the Emscripten glue) beside the .wasm, which the module
# finds through `new URL('wx-core.wasm', import.meta.url)`.
STAGE=build/stage
rm -rf "$STAGE" dist
mkdir -p "$STAGE" dist
cp web/*.mjs build/wasm/bindings/wx-core.mjs "$STAGE/"
node scripts/bundle.mjs "$STAGE" dist/wx-socket.mjs
cp build/wasm/bindings/wx-core.wasm dist/
cp web/index.d.ts web/global.d.ts web/global.mjs dist/
# Everything a page loads, STOMP included, stays within the download budget (issue 12).
node scripts/check-download-budget.mjs 60000 dist/wx-socket.mjs dist/wx-core.wasm
