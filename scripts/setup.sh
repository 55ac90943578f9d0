#!/usr/bin/env bash
# Installs what the project needs, once: Debian packages (Emscripten, Catch2, nlohmann/json,
# Chromium, CMake, RabbitMQ for the STOMP tests) and the npm packages of the lock file. Safe to run
# again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(emscripten catch2 nlohmann-json3-dev chromium cmake g++ make rabbitmq-server)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root, or install them yourself: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # rabbitmq-server's postinst would start a system-wide broker (0.0.0.0:5672, epmd on 4369); the
  # tests run a private one (scripts/rabbitmq.mjs). A policy-rc.d answering 101 forbids the start.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    trap 'exit 1' INT TERM HUP   # so that the EXIT trap also runs when interrupted
  fi
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# node_modules/.package-lock.json is npm's record of the last install: reinstall when the
# lock file changed since. `npm install` with the lock installs exactly its versions; `npm ci`
# refuses this lock: Vite 8's Windows-only optional dependency napi-windows-process-start-time
# is not in the registry, so no lock can list it, and `npm ci` calls the lock out of sync.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages from package-lock.json"
  npm install --no-audit --no-fund >/dev/null
fi
