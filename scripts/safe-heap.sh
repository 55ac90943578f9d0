#!/usr/bin/env bash
# Builds the wasm core with Emscripten's SAFE_HEAP (every wasm load and store checked: address
# 0, past the heap's end, misaligned) into build/safe-heap/, and runs the browser tests against
# that build once: scripts/safe-heap.sh [test files...] (default: every tests/browser file).
# The browser tests import /dist/ from a static server rooted at the folder that holds them, so
# the checked build gets a copy of that layout (tests/, scripts/, web/) with its own dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # Debian's emscripten needs Debian's acorn
OUT=build/safe-heap
emcmake cmake -S . -B "$OUT/wasm" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWXS_HEAP_CHECK=ON >/dev/null
cmake --build "$OUT/wasm" -j2

ROOT="$OUT/root"
rm -rf "$ROOT" "$OUT/stage"
mkdir -p "$ROOT/dist" "$OUT/stage"
cp -r tests scripts web package.json "$ROOT/"
ln -s "$PWD/node_modules" "$ROOT/node_modules"
cp web/*.mjs "$OUT/wasm/bindings/wx-core.mjs" "$OUT/stage/"
node scripts/bundle.mjs "$OUT/stage" "$ROOT/dist/wx-socket.mjs"
cp "$OUT/wasm/bindings/wx-core.wasm" web/index.d.ts web/global.d.ts web/global.mjs "$ROOT/dist/"

cd "$ROOT"
if [ "$#" -eq 0 ]; then set -- tests/browser/*.test.mjs; fi
node --test --test-reporter=spec --test-concurrency=1 --test-timeout=180000 "$@"
