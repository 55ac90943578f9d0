#!/usr/bin/env bash
# Fuzzes the libFuzzer targets in fuzz/ for N seconds each (default 60), or one named target:
#   scripts/fuzz.sh [seconds] [target]      (npm run fuzz -- 300 task_manager)
# Targets: stomp_frame, options, websocket_url, task_manager. Each is built with libFuzzer,
# ASan and UBSan (clang 14, installed if missing) and libstdc++'s assertions, and runs on one
# core from its seed corpus fuzz/corpus/<target>. New inputs go to build/fuzz/corpus/<target>
# (the seeds stay as they are); a crash leaves a crash-* file in build/fuzz/<target>/, to turn
# into a seed (a regression test: ctest replays every seed).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"
TARGETS=(stomp_frame options websocket_url task_manager)
if [ -n "${2:-}" ]; then
  if [[ ! " ${TARGETS[*]} " == *" $2 "* ]]; then
    echo "fuzz: unknown target '$2' (one of: ${TARGETS[*]})" >&2
    exit 2
  fi
  TARGETS=("$2")
fi

if ! command -v clang++-14 >/dev/null || ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed"; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz: run as root, or install them yourself: apt-get install -y clang-14 libclang-rt-14-dev" >&2
    exit 1
  fi
  echo "fuzz: installing clang-14 and libclang-rt-14-dev"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null
fi

OUT=build/fuzz
cmake -S . -B "$OUT" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DWXS_LIBFUZZER=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$OUT" -j2 --target "${TARGETS[@]/%/_fuzzer}"

for target in "${TARGETS[@]}"; do
  echo "fuzz: $target for ${SECONDS_TO_RUN}s"
  mkdir -p "$OUT/corpus/$target" "$OUT/$target"
  dict=()
  [ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
  # One process on one core (the machine's two are shared). 4 KiB inputs reach past the largest
  # bound an input of the STOMP target can choose (2041 bytes) and hold long call sequences.
  "$OUT/fuzz/${target}_fuzzer" "$OUT/corpus/$target" "fuzz/corpus/$target" "${dict[@]}" \
    -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$OUT/$target/"
done
