#!/usr/bin/env bash
# Installs the Debian packages sigmax-exec needs to build and test.
# Idempotent: packages already present are skipped, and apt-get update runs
# at most once, only when something is missing. PyPI is not used anywhere.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  catch2 libfmt-dev libcli11-dev libbenchmark-dev
  zlib1g-dev libzstd-dev libsimdjson-dev
  python3 python3-dev python3-pytest python3-cffi python3-numpy
  python3-hypothesis python3-setuptools python3-pip python3-venv python3-zstandard
  python3-matplotlib python3-pandas python3-distributed python3-tqdm mypy
  clang libclang-rt-14-dev
)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
