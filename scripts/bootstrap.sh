#!/usr/bin/env bash
# Installs, with apt, whatever retort needs to build, test and run that is not yet installed, plus
# any packages named as arguments (fuzz/setup.sh adds its compiler that way).
# Does nothing (and needs no network) when everything is present.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libpq-dev libsqlite3-dev libpg-query-dev libssl-dev
  libcli11-dev libtomlplusplus-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libbenchmark-dev
  postgresql pgbouncer
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "bootstrap: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The postgresql package would start a system-wide cluster; retort starts its own private ones.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
