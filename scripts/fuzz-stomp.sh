#!/usr/bin/env bash
# Fuzzes the STOMP frame codec for N seconds (default 60): builds fuzz/stomp_frame_fuzzer.cpp
# with libFuzzer, ASan and UBSan (clang 14, installed if missing) and runs it on one core from
# the seed corpus. New inputs go to build/fuzz/corpus (the seeds stay as they are); a crash
# leaves a crash-* file in build/fuzz to turn into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"

if ! command -v clang++-14 >/dev/null || ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed"; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz-stomp: run as root, or install them yourself: apt-get install -y clang-14 libclang-rt-14-dev" >&2
    exit 1
  fi
  echo "fuzz-stomp: installing clang-14 and libclang-rt-14-dev"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null
fi

OUT=build/fuzz
mkdir -p "$OUT/corpus"
clang++-14 -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -Isdk fuzz/stomp_frame_fuzzer.cpp sdk/stomp/frame.cpp sdk/stomp/frame_decoder.cpp \
  sdk/stomp/frame_encoder.cpp -o "$OUT/stomp_frame_fuzzer"

# One process on one core (the machine's two are shared). 4 KiB inputs reach past the largest
# bound an input can choose (2041 bytes).
"$OUT/stomp_frame_fuzzer" "$OUT/corpus" fuzz/corpus/stomp_frame -dict=fuzz/stomp.dict \
  -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -print_final_stats=1 -artifact_prefix="$OUT/"
