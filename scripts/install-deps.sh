#!/usr/bin/env bash
# Installs every Debian package j3o needs; a quick no-op when all are present.
set -euo pipefail

packages=(
  build-essential pkg-config make
  openmpi-bin libopenmpi-dev
  petsc-dev
  libhdf5-openmpi-dev hdf5-tools
  coinor-libclp-dev coinor-libcbc-dev
  libcmocka-dev libssl-dev coinor-cbc clang-format
  python3-h5py python3-numpy python3-matplotlib python3-pandas python3-pytest python3-pytest-xdist python3-setuptools python3-venv
  slurm-wlm munge
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
